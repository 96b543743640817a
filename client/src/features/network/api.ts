import { useQuery } from '@tanstack/react-query';
import type { CheckResult, Finding, FindingSummary, Label, RuleInfo, Severity } from '@shared/network';
import { get, qs } from '../../lib/api';
import i18n from '../../lib/i18n';

/** Shapes of the network API and small helpers shared by the pages. */

export interface VersionSummary {
  id: string;
  modelId: string;
  versionNo: number;
  format: 'yaml' | 'json';
  sizeBytes: number;
  sha256: string;
  comment: string | null;
  filename: string | null;
  networkModel: string;
  edition: string;
  counts: { zones: number; nodes: number; links: number };
  summary: FindingSummary;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: string;
}

export interface ModelView {
  id: string;
  name: string;
  description: string | null;
  versionCount: number;
  createdAt: string;
  updatedAt: string;
  current: VersionSummary | null;
}

export type ModelDetail = ModelView & { versions: VersionSummary[] };
export type VersionDetail = VersionSummary & { source: string; modelName: string };
export type VersionCheck = CheckResult & { version: VersionSummary };

const enc = encodeURIComponent;

export function useModels() {
  return useQuery({ queryKey: ['network', 'models'], queryFn: () => get<{ items: ModelView[] }>('/api/network/models') });
}

export function useModel(id: string) {
  return useQuery({ queryKey: ['network', 'model', id], queryFn: () => get<ModelDetail>(`/api/network/models/${enc(id)}`), retry: false });
}

export function useVersion(id: string | undefined) {
  return useQuery({ queryKey: ['network', 'version', id], queryFn: () => get<VersionDetail>(`/api/network/versions/${enc(id as string)}`), enabled: !!id });
}

export function useVersionCheck(id: string | undefined, edition: string | undefined) {
  return useQuery({
    queryKey: ['network', 'check', id, edition],
    queryFn: () => get<VersionCheck>(`/api/network/versions/${enc(id as string)}/check${qs({ edition })}`),
    enabled: !!id,
    retry: false,
  });
}

export function useRules(edition: string | undefined) {
  return useQuery({ queryKey: ['network', 'rules', edition], queryFn: () => get<{ edition: string; rules: RuleInfo[] }>(`/api/network/rules${qs({ edition })}`) });
}

export function tr(l: Label | undefined): string {
  if (!l) return '';
  return i18n.language === 'en' ? l.en : l.ja;
}

export const SEVERITY_TONE: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };

/** Findings grouped by the element they name ("node:id", "link:id", "zone:id", "model:model"). */
export function findingsByElement(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.element.type}:${f.element.id}`;
    const list = m.get(k);
    if (list) list.push(f);
    else m.set(k, [f]);
  }
  return m;
}

export function worstOf(list: Finding[] | undefined): Severity | null {
  if (!list || list.length === 0) return null;
  if (list.some((f) => f.severity === 'error')) return 'error';
  if (list.some((f) => f.severity === 'warning')) return 'warning';
  return 'info';
}

/** A starting point for a new model: the three segments, the outside and the usual links. */
export const TEMPLATE = `# 新しいネットワーク構成（ひな形）
format: shirube-network/1
model: alpha
organization:
  csirt: true

zones:
  - { id: mynumber, kind: segment, segment: mynumber, name: マイナンバー利用事務系 }
  - { id: lgwan-seg, kind: segment, segment: lgwan, name: LGWAN接続系 }
  - { id: internet-seg, kind: segment, segment: internet, name: インターネット接続系 }
  - { id: lgwan, kind: lgwan, name: LGWAN }
  - { id: sec-cloud, kind: securityCloud, name: 自治体情報セキュリティクラウド }
  - { id: internet, kind: internet, name: インターネット }
  - { id: juki, kind: designated, destination: jukiNet, name: 住基ネット }

nodes:
  - { id: mn-terminals, kind: terminal, zone: mynumber, name: マイナンバー利用事務系の端末, auth: [password, icCard], mediaExportBlocked: true }
  - { id: mn-server, kind: server, zone: mynumber, name: 住民記録システム }
  - { id: lg-terminals, kind: terminal, zone: lgwan-seg, name: 業務端末, auth: [password, icCard] }
  - { id: lg-mail, kind: server, zone: lgwan-seg, name: LGWANメールサーバ }
  - { id: inet-vdi, kind: server, zone: internet-seg, name: インターネット閲覧用の仮想端末 }
  - { id: screen, kind: screenTransfer, zone: internet-seg, name: 画面転送装置 }
  - { id: mail-san, kind: mailSanitiser, zone: sec-cloud, name: メール無害化 }

links:
  - { id: mn-use, from: mn-terminals, to: mn-server, purpose: business }
  - { id: mn-juki, from: mn-server, to: juki, purpose: designated, ports: [443], restriction: { addresses: true, ports: true } }
  - { id: lg-mail-use, from: lg-terminals, to: lg-mail, purpose: mail }
  - { id: lg-lgwan, from: lg-mail, to: lgwan, purpose: mail }
  - { id: web, from: lg-terminals, to: inet-vdi, purpose: web, via: [screen] }
  - { id: mail-in, from: sec-cloud, to: lg-mail, purpose: mail, via: [mail-san] }
  - { id: out-web, from: inet-vdi, to: sec-cloud, purpose: web }
  - { id: sc-out, from: sec-cloud, to: internet, purpose: web }
`;
