import { Background, type Edge, Handle, MarkerType, type Node, type NodeProps, Position, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { type CheckResult, type Finding, NODE_KIND_LABELS, PURPOSE_LABELS, SANITISER_KINDS, type Severity, ZONE_KIND_LABELS } from '@shared/network';
import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findingsByElement, tr, worstOf } from './api';

/**
 * The network as a diagram: the My Number, LGWAN and internet segments and the outside as four
 * columns (lanes), laid out by ELK's layered algorithm with one partition per lane and drawn with
 * React Flow. Elements with findings carry a coloured border and a count; selecting an element
 * reports it so the page can show its findings. The page also shows the same content as tables.
 */

const LANES = ['mynumber', 'lgwan', 'internet', 'outside'] as const;
type Lane = (typeof LANES)[number];
const NODE_W = 190;
const NODE_H = 64;
const LANE_PAD = 24;
const LANE_HEAD = 68;

const BORDER: Record<Severity | 'none', string> = {
  error: '#c8102e',
  warning: '#b78500',
  info: '#0066cc',
  none: '#767676',
};

interface NetNodeData extends Record<string, unknown> {
  name: string;
  id: string;
  kind: string;
  worst: Severity | null;
  count: number;
  inferred: boolean;
  inferredLabel: string;
}

const NetNode = memo(function NetNode({ data, selected }: NodeProps<Node<NetNodeData>>) {
  const border = BORDER[data.worst ?? 'none'];
  return (
    <div
      className="rounded-8 bg-white px-2 py-1 text-left text-dns-14N-130 text-solid-gray-900"
      style={{ width: NODE_W, height: NODE_H, border: `${data.worst === 'error' || data.worst === 'warning' ? 3 : 1}px solid ${border}`, boxShadow: selected ? '0 0 0 3px #0017c1' : undefined }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ opacity: 0 }} />
      <div className="truncate font-bold">{data.name}</div>
      <div className="truncate text-solid-gray-800">
        {data.kind}
        {data.inferred ? `・${data.inferredLabel}` : ''}
      </div>
      <div className="flex items-center justify-between">
        <span className="truncate text-solid-gray-800">{data.id}</span>
        {data.count > 0 && (
          <span className="rounded-4 px-1 text-white" style={{ background: border }}>
            {data.count}
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={{ opacity: 0 }} />
    </div>
  );
});

interface LaneData extends Record<string, unknown> {
  label: string;
  width: number;
  height: number;
}

const LaneNode = memo(function LaneNode({ data }: NodeProps<Node<LaneData>>) {
  return (
    <div className="rounded-12 border border-solid-gray-420 bg-solid-gray-50" style={{ width: data.width, height: data.height }}>
      <div className="px-3 py-2 text-std-16B-170 text-solid-gray-900">{data.label}</div>
    </div>
  );
});

const nodeTypes = { net: NetNode, lane: LaneNode };

interface Props {
  result: CheckResult;
  selected: string | null;
  onSelect(key: string | null): void;
}

interface Layout {
  nodes: Node[];
  edges: Edge[];
}

export default function NetworkDiagram({ result, selected, onSelect }: Props) {
  const { t } = useTranslation('network');
  const graph = result.graph;
  const [layout, setLayout] = useState<Layout | null>(null);
  const byEl = useMemo(() => findingsByElement(result.findings), [result.findings]);

  useEffect(() => {
    if (!graph) return;
    let cancelled = false;
    const referenced = new Set<string>();
    for (const l of graph.links) {
      referenced.add(l.from);
      referenced.add(l.to);
      for (const v of l.via) referenced.add(v);
    }
    // Diagram elements: every node, plus the zones that links name as an end.
    const items: Array<{ key: string; id: string; name: string; kind: string; lane: Lane; inferred: boolean; findings: Finding[] | undefined }> = [];
    for (const n of graph.nodes) {
      const lane: Lane = n.segment ?? 'outside';
      items.push({ key: `node:${n.id}`, id: n.id, name: n.name, kind: tr(NODE_KIND_LABELS[n.kind]), lane, inferred: n.inferred, findings: byEl.get(`node:${n.id}`) });
    }
    for (const z of graph.zones) {
      if (!referenced.has(z.id) && !byEl.has(`zone:${z.id}`)) continue;
      const lane: Lane = z.kind === 'segment' && z.segment ? z.segment : 'outside';
      items.push({ key: `zone:${z.id}`, id: z.id, name: z.name, kind: tr(ZONE_KIND_LABELS[z.kind]), lane, inferred: false, findings: byEl.get(`zone:${z.id}`) });
    }
    const keyOf = new Map(items.map((i) => [i.id, i.key]));
    const sanitiserIds = new Set(graph.nodes.filter((n) => (SANITISER_KINDS as readonly string[]).includes(n.kind)).map((n) => n.id));

    const edges: Edge[] = [];
    const elkEdges: Array<{ id: string; sources: string[]; targets: string[] }> = [];
    const seenPair = new Set<string>();
    for (const l of graph.links) {
      const chain = [l.from, ...l.via, l.to];
      const worst = worstOf(byEl.get(`link:${l.id}`));
      const sanitised = l.via.some((v) => sanitiserIds.has(v));
      const colour = worst ? BORDER[worst] : '#595959';
      for (let k = 0; k < chain.length - 1; k++) {
        const source = keyOf.get(chain[k]);
        const target = keyOf.get(chain[k + 1]);
        if (!source || !target || source === target) continue;
        const id = `link:${l.id}#${k}`;
        edges.push({
          id,
          source,
          target,
          data: { link: `link:${l.id}` },
          label: k === 0 ? tr(PURPOSE_LABELS[l.purpose]) : undefined,
          ariaLabel: `${l.from} → ${l.to}（${tr(PURPOSE_LABELS[l.purpose])}）`,
          markerEnd: { type: MarkerType.ArrowClosed, color: colour },
          style: { stroke: colour, strokeWidth: worst === 'error' || worst === 'warning' ? 3 : 1.5, strokeDasharray: sanitised ? '6 4' : undefined },
          labelStyle: { fill: '#1a1a1a', fontSize: 12 },
          labelBgStyle: { fill: '#ffffff' },
        });
        const pair = `${source}|${target}`;
        if (!seenPair.has(pair)) {
          seenPair.add(pair);
          elkEdges.push({ id, sources: [source], targets: [target] });
        }
      }
    }

    // Each lane is laid out on its own (ELK layered, top to bottom, with the links inside the
    // lane); the lanes then stand side by side as columns and the links between them cross over.
    const elk = new ELK();
    const laneOf = new Map(items.map((i) => [i.key, i.lane]));
    const lanes = LANES.filter((lane) => items.some((i) => i.lane === lane));
    Promise.all(
      lanes.map((lane) => {
        const graph: ElkNode = {
          id: lane,
          layoutOptions: {
            'elk.algorithm': 'layered',
            'elk.direction': 'DOWN',
            'elk.aspectRatio': '0.6',
            'elk.spacing.nodeNode': '20',
            'elk.spacing.componentComponent': '24',
            'elk.layered.spacing.nodeNodeBetweenLayers': '40',
            'elk.separateConnectedComponents': 'true',
          },
          children: items.filter((i) => i.lane === lane).map((i) => ({ id: i.key, width: NODE_W, height: NODE_H })),
          edges: elkEdges.filter((e) => laneOf.get(e.sources[0]) === lane && laneOf.get(e.targets[0]) === lane),
        };
        return elk.layout(graph);
      }),
    ).then(
      (outs) => {
        if (cancelled) return;
        const pos = new Map<string, { x: number; y: number }>();
        const laneNodes: Node[] = [];
        let x = 0;
        const height = Math.max(...outs.map((o) => o.height ?? 0)) + LANE_HEAD + LANE_PAD;
        outs.forEach((out, k) => {
          const lane = lanes[k];
          const width = Math.max(out.width ?? 0, NODE_W) + 2 * LANE_PAD;
          for (const c of out.children ?? []) pos.set(c.id, { x: x + LANE_PAD + (c.x ?? 0), y: LANE_HEAD + (c.y ?? 0) });
          laneNodes.push({
            id: `lane:${lane}`,
            type: 'lane',
            position: { x, y: 0 },
            data: { label: t(`diagram.lanes.${lane}`), width, height },
            selectable: false,
            draggable: false,
            focusable: false,
            zIndex: -1,
            ariaLabel: t(`diagram.lanes.${lane}`),
          });
          x += width + 48;
        });
        const nodes: Node[] = [
          ...laneNodes,
          ...items.map((i) => {
            const data: NetNodeData = { name: i.name, id: i.id, kind: i.kind, worst: worstOf(i.findings), count: i.findings?.length ?? 0, inferred: i.inferred, inferredLabel: t('diagram.inferred') };
            return {
              id: i.key,
              type: 'net',
              position: pos.get(i.key) ?? { x: 0, y: 0 },
              data,
              draggable: false,
              ariaLabel: `${i.name}（${i.kind}）${data.count ? ` ${data.count}` : ''}`,
            } satisfies Node<NetNodeData>;
          }),
        ];
        setLayout({ nodes, edges });
      },
      () => {
        if (!cancelled) setLayout({ nodes: [], edges });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [graph, byEl, t]);

  const shown = useMemo(() => {
    if (!layout) return null;
    return {
      nodes: layout.nodes.map((n) => (n.type === 'net' ? { ...n, selected: n.id === selected } : n)),
      edges: layout.edges.map((e) => (e.data?.link === selected ? { ...e, selected: true, animated: true } : e)),
    };
  }, [layout, selected]);

  if (!graph) return <p className="text-std-16N-170">{t('diagram.tooBig')}</p>;
  if (!shown) return <p role="status">{t('diagram.laying')}</p>;
  return (
    <figure className="m-0 h-[640px] rounded-8 border border-solid-gray-420 bg-white" aria-label={t('diagram.label')}>
      <ReactFlow
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.04 }}
        minZoom={0.1}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable
        onNodeClick={(_e, n) => n.type === 'net' && onSelect(n.id)}
        onEdgeClick={(_e, e) => onSelect(String(e.data?.link ?? ''))}
        onPaneClick={() => onSelect(null)}
      >
        <Background />
      </ReactFlow>
    </figure>
  );
}
