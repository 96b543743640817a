import { C_RANK, CONTROL_AREAS, type ControlAreaId, ISMAP_KINDS, JAPAN, type Verdict, cLabel, named, SERVICE_KINDS } from '@shared/vendors';
import { type Classes, type Finding, type RuleDef, type RuleHit, type ServiceFacts, addDays, finding, verdictOf } from './model';

/**
 * Rules about external services. The suitability rules answer the first question a section asks
 * — "may this service hold this class of information, and under what conditions?" — for any
 * class; the same rules, applied to the classes the service really holds, give its findings.
 */

type SuitabilityRule = { def: RuleDef; evaluate(s: ServiceFacts, cls: Classes, today: string): RuleHit | null };
type ServiceRule = { def: RuleDef; evaluate(s: ServiceFacts, today: string): RuleHit | null };

export const EXPIRY_WARNING_DAYS = 90;

const rank = (c: string | null | undefined) => (c ? (C_RANK[c] ?? 0) : 0);
const areaNames = (ids: readonly string[]) => ({
  ja: ids.map((id) => named(CONTROL_AREAS, id, 'ja')).join('、'),
  en: ids.map((id) => named(CONTROL_AREAS, id, 'en')).join(', '),
});
const kindName = (s: ServiceFacts) => ({ ja: named(SERVICE_KINDS, s.kind, 'ja'), en: named(SERVICE_KINDS, s.kind, 'en') });

function registrationState(s: ServiceFacts, today: string): 'valid' | 'missing' | 'expired' | 'notApplicable' {
  if (!ISMAP_KINDS.has(s.kind)) return 'notApplicable';
  if (!s.registrationNumber || !s.registeredUntil) return 'missing';
  return s.registeredUntil < today ? 'expired' : 'valid';
}

export const SUITABILITY_RULES: SuitabilityRule[] = [
  {
    def: {
      id: 'VS-3A',
      severity: 'error',
      title: { ja: '自治体機密性3Aは外部サービスに置かない', en: 'No municipal confidentiality 3A on external services' },
      explanation: {
        ja: '自治体機密性3Aは国の秘密文書に相当し、ガバメントクラウドでも扱えない区分です。しるべでは、どの外部サービスでも扱わないものとして判定します。',
        en: 'Confidentiality 3A matches the state’s secret documents and is outside even the Government Cloud; Shirube treats it as not allowed on any external service.',
      },
      refs: ['KB-2.1', 'KB-8.3'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §4.1 (3A not eligible for Government Cloud); extension to every cloud service is Shirube’s reading',
    },
    evaluate: (_s, cls) =>
      cls.c === '3A'
        ? { effect: 'no', message: { ja: '自治体機密性3Aの情報は外部サービスで扱えません。', en: 'Municipal confidentiality 3A information cannot be placed on an external service.' } }
        : null,
  },
  {
    def: {
      id: 'VS-LEGACY3',
      severity: 'warning',
      title: { ja: '旧区分の機密性3は再分類が必要', en: 'Old-scheme confidentiality 3 needs reclassifying' },
      explanation: {
        ja: '令和6年10月版で機密性3は3A・3B・3Cに分かれました。旧区分の3のままでは、3Aに当たるかどうか判断できません。',
        en: 'Since R6.10, confidentiality 3 is split into 3A, 3B and 3C; an old-scheme 3 cannot be judged until it is reclassified.',
      },
      refs: ['KB-2.1'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §0.1 (R6.10), §4.1',
    },
    evaluate: (_s, cls) =>
      cls.c === '3'
        ? { effect: 'conditions', message: { ja: '旧区分の機密性3です。3A・3B・3Cのどれに当たるか分類し直してください（3Aなら外部サービスでは扱えません）。', en: 'This is old-scheme confidentiality 3. Reclassify it as 3A, 3B or 3C (3A cannot go on an external service).' } }
        : null,
  },
  {
    def: {
      id: 'VS-TERMS-C2',
      severity: 'error',
      title: { ja: '約款型サービスで機密性2以上を扱わない', en: 'No confidentiality 2+ on terms-only services' },
      explanation: {
        ja: '誰にでも同じ約款で提供され、個別のセキュリティ要件を約束しないサービスでは、自治体機密性2以上の情報は原則として扱いません。',
        en: 'Services offered to everyone on the same terms, with no individual security commitments, are in principle not used for municipal confidentiality 2+ information.',
      },
      refs: ['KB-8.3', 'KB-8.4'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.1 [S]',
    },
    evaluate: (s, cls) =>
      s.kind === 'termsOnly' && rank(cls.c) >= 2
        ? { effect: 'no', message: { ja: `約款による外部サービスでは${cLabel(cls.c)}の情報は扱えません。`, en: `A terms-only service cannot hold ${cLabel(cls.c, 'en')} information.` } }
        : null,
  },
  {
    def: {
      id: 'VS-TERMS-C1',
      severity: 'warning',
      title: { ja: '約款型サービスは規約で残るリスクを確かめる', en: 'Check the residual risk of a terms-only service' },
      explanation: {
        ja: '機密性2以上を扱わない場合でも、利用規約を読み、残るリスクを受け入れられるか確かめてから使います。',
        en: 'Even without confidentiality 2+ information, read the terms and confirm that the remaining risk is acceptable before use.',
      },
      refs: ['KB-8.4.1', 'KB-8.4.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.1 [S]',
    },
    evaluate: (s, cls) =>
      s.kind === 'termsOnly' && rank(cls.c) <= 1
        ? { effect: 'conditions', message: { ja: '利用規約を確認し、残るリスクを受け入れられることを記録してください。機密性2以上の情報を入れない運用が条件です。', en: 'Review the terms and record that the residual risk is acceptable; no confidentiality 2+ information may be entered.' } }
        : null,
  },
  {
    def: {
      id: 'VS-UNCLASSIFIED',
      severity: 'warning',
      title: { ja: '扱う情報の分類が不明', en: 'Classes of the information unknown' },
      explanation: {
        ja: 'サービスで扱う情報資産も、予定する分類も登録されていないため、判定できません。',
        en: 'Neither the assets the service holds nor its planned classes are recorded, so it cannot be judged.',
      },
      refs: ['KB-2.1', 'KB-8.3.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2 (selection by information class)',
    },
    evaluate: (_s, cls) =>
      cls.c === null
        ? { effect: 'conditions', message: { ja: '扱う情報資産を関連付けるか、予定する機密性を登録してください。', en: 'Link the information assets it holds, or record the planned confidentiality.' } }
        : null,
  },
  {
    def: {
      id: 'VS-REG-MISSING',
      severity: 'warning',
      title: { ja: 'ISMAP登録の番号・有効期限が未登録', en: 'ISMAP registration number or validity missing' },
      explanation: {
        ja: 'ISMAP・ISMAP-LIUのサービスとして登録するなら、登録番号と有効期限を記録し、登録が続いていることを確かめられるようにします。',
        en: 'A service recorded as ISMAP or ISMAP-LIU needs its registration number and validity, so that the listing can be checked.',
      },
      refs: ['KB-8.3.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2, §7.3',
    },
    evaluate: (s, _cls, today) =>
      registrationState(s, today) === 'missing'
        ? { effect: 'conditions', message: { ja: `${kindName(s).ja}として登録されていますが、登録番号または有効期限がありません。`, en: `Recorded as ${kindName(s).en}, but the registration number or validity is missing.` } }
        : null,
  },
  {
    def: {
      id: 'VS-REG-EXPIRED',
      severity: 'error',
      title: { ja: 'ISMAP登録の有効期限切れ', en: 'ISMAP registration expired' },
      explanation: {
        ja: '登録の有効期限が過ぎたサービスは、登録サービスとして選んだ根拠がなくなっています。機密性2以上の情報は、更新を確かめるまで扱えないものとして判定します。',
        en: 'Once its registration has lapsed, the reason the service was chosen no longer holds; confidentiality 2+ information is judged not allowed until renewal is confirmed.',
      },
      refs: ['KB-8.3.2', 'KB-8.3.6'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §7.2, §7.3; the blocking effect is Shirube’s reading',
    },
    evaluate: (s, cls, today) => {
      if (registrationState(s, today) !== 'expired') return null;
      const until = s.registeredUntil ?? '';
      return rank(cls.c) >= 2
        ? { effect: 'no', message: { ja: `登録の有効期限（${until}）が過ぎています。更新を確認するまで${cLabel(cls.c)}の情報は扱えません。`, en: `The registration expired on ${until}; ${cLabel(cls.c, 'en')} information is not allowed until renewal is confirmed.` } }
        : { effect: 'conditions', message: { ja: `登録の有効期限（${until}）が過ぎています。更新を確認してください。`, en: `The registration expired on ${until}; confirm its renewal.` } };
    },
  },
  {
    def: {
      id: 'VS-ALPHA-PRIME',
      severity: 'error',
      title: { ja: 'α′モデルの直接接続はISMAP登録サービスに限る', en: 'α′ direct connection only to ISMAP-listed services' },
      explanation: {
        ja: 'LGWAN接続系から直接つなぐα′モデルでは、接続先をISMAP（ISMAP-LIUを含む）に登録されたサービスに限ります。ISMAP-LIUで足りるかどうかは未確認です。',
        en: 'Under the α′ model, LGWAN terminals may connect directly only to services on the ISMAP list (including ISMAP-LIU); whether ISMAP-LIU suffices is unconfirmed.',
      },
      refs: ['KB-3.2.3', 'KB-8.3.2'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §5.2, §7.2 (ISMAP/ISMAP-LIU mandatory for α′ [S]); the LIU reading is unconfirmed',
    },
    evaluate: (s, _cls, today) => {
      if (s.connection !== 'alphaPrime') return null;
      const reg = registrationState(s, today);
      if (reg === 'valid') return null;
      return {
        effect: 'no',
        message:
          reg === 'notApplicable'
            ? { ja: `α′モデルで直接接続していますが、${kindName(s).ja}はISMAP登録サービスではありません。`, en: `Connected directly under α′, but a ${kindName(s).en} is not ISMAP-listed.` }
            : { ja: 'α′モデルで直接接続していますが、ISMAP登録が確認できません（番号・期限の不足または期限切れ）。', en: 'Connected directly under α′, but the ISMAP registration cannot be confirmed (missing or expired).' },
      };
    },
  },
  {
    def: {
      id: 'VS-LIU-CLASS',
      severity: 'warning',
      title: { ja: 'ISMAP-LIUで機密性3B・3Cを扱う', en: 'Confidentiality 3B/3C on an ISMAP-LIU service' },
      explanation: {
        ja: 'ISMAP-LIUはリスクの小さい業務・情報に使うSaaSのための制度で、監査の範囲も絞られています。3B・3Cの情報を扱うなら、影響度評価の結果と追加の要件を確かめます。',
        en: 'ISMAP-LIU is meant for SaaS used for low-impact work and information, with a narrower audit; for 3B or 3C information, confirm the impact assessment and extra requirements.',
      },
      refs: ['KB-8.3.2'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §7.3; the threshold is Shirube’s reading',
    },
    evaluate: (s, cls) =>
      s.kind === 'ismapLiu' && rank(cls.c) >= 3
        ? { effect: 'conditions', message: { ja: `ISMAP-LIUは影響の小さい利用のための登録です。${cLabel(cls.c)}を扱う根拠（影響度評価）と追加の契約要件を記録してください。`, en: `ISMAP-LIU is for low-impact use; record why ${cLabel(cls.c, 'en')} is acceptable (impact assessment) and the extra contract requirements.` } }
        : null,
  },
  {
    def: {
      id: 'VS-LOCATION-UNKNOWN',
      severity: 'warning',
      title: { ja: 'データの保管場所が未登録', en: 'Data location not recorded' },
      explanation: {
        ja: 'データを保管・処理する国と地域を確かめて記録します。',
        en: 'Record the country and region where the data is stored and processed.',
      },
      refs: ['KB-8.3.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2',
    },
    evaluate: (s) =>
      s.dataCountry === null ? { effect: 'conditions', message: { ja: 'データの保管場所（国）を登録してください。', en: 'Record the data location (country).' } } : null,
  },
  {
    def: {
      id: 'VS-FOREIGN',
      severity: 'error',
      title: { ja: '国外保管に判断の記録がない', en: 'Data outside Japan without a recorded decision' },
      explanation: {
        ja: 'データが国外に置かれる場合は、その国の法律による開示のリスクを検討し、判断を記録します。記録がなければ機密性2以上の情報は扱えないものとして判定します。',
        en: 'When data sits outside Japan, the risk of access under that country’s law must be weighed and the decision recorded; without it, confidentiality 2+ information is judged not allowed.',
      },
      refs: ['KB-8.3.2'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §7.2 (data location, foreign-law access; R8 notice on data-centre countries); blocking is Shirube’s reading',
    },
    evaluate: (s, cls) => {
      if (s.dataCountry === null || s.dataCountry === JAPAN || s.foreignDecision) return null;
      return rank(cls.c) >= 2
        ? { effect: 'no', message: { ja: `データが国外（${s.dataCountry}）に置かれますが、判断の記録がありません。`, en: `Data is held outside Japan (${s.dataCountry}) with no recorded decision.` } }
        : { effect: 'conditions', message: { ja: `データが国外（${s.dataCountry}）に置かれます。判断を記録してください。`, en: `Data is held outside Japan (${s.dataCountry}); record the decision.` } };
    },
  },
  {
    def: {
      id: 'VS-LAW',
      severity: 'warning',
      title: { ja: '準拠法・裁判管轄が日本でない', en: 'Governing law or jurisdiction outside Japan' },
      explanation: {
        ja: '準拠法は日本法、裁判管轄は日本の裁判所であることが望まれます。そうでない場合は判断を記録します。',
        en: 'Japanese law and a Japanese court are preferred; otherwise the decision must be recorded.',
      },
      refs: ['KB-8.3.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2',
    },
    evaluate: (s) => {
      const missing = !s.governingLaw || !s.jurisdiction;
      const foreign = (s.governingLaw && s.governingLaw !== JAPAN) || (s.jurisdiction && s.jurisdiction !== JAPAN);
      if (missing) return { effect: 'conditions', message: { ja: '準拠法と裁判管轄を確かめて登録してください。', en: 'Record the governing law and jurisdiction.' } };
      if (foreign && !s.foreignDecision)
        return { effect: 'conditions', message: { ja: `準拠法（${s.governingLaw}）または裁判管轄（${s.jurisdiction}）が日本ではありません。判断を記録してください。`, en: `The governing law (${s.governingLaw}) or jurisdiction (${s.jurisdiction}) is not Japanese; record the decision.` } };
      return null;
    },
  },
  {
    def: {
      id: 'VS-SCOPE-GAP',
      severity: 'warning',
      title: { ja: 'ISMAPの言明対象に含まれない管理策に依存', en: 'Relying on controls outside the ISMAP scope' },
      explanation: {
        ja: 'ISMAPに登録されていても、監査された言明の対象は管理策の一部です。IaaS・PaaSではアクセス制御や暗号化が対象外の例もあります。団体が事業者に任せる管理策が言明対象に入っているかを確かめ、入っていなければ契約や自らの対策で補います。',
        en: 'An ISMAP listing covers only the controls in its audited statement; for IaaS and PaaS, access control or encryption may be outside it. Check that what the organisation relies on the provider for is in scope, and cover the rest by contract or by its own measures.',
      },
      refs: ['KB-8.3.2', 'CLD.6.3.1'],
      provisional: false,
      basis: 'Seed 001 (study group, 2024-07-22: ISMAP scope must be checked); GUIDELINE-FACTS §11.3',
    },
    evaluate: (s, cls) => {
      if (!ISMAP_KINDS.has(s.kind) || s.reliedAreas.length === 0) return null;
      if (s.ismapScope.length === 0) {
        return {
          effect: 'conditions',
          message: { ja: 'ISMAPの言明対象（どの管理策が監査されたか）が登録されていません。', en: 'The ISMAP scope (which controls were audited) is not recorded.' },
          details: { gaps: s.reliedAreas },
        };
      }
      const gaps = s.reliedAreas.filter((a) => !s.ismapScope.includes(a));
      if (gaps.length === 0) return null;
      const names = areaNames(gaps);
      return {
        effect: rank(cls.c) >= 2 ? 'conditions' : 'note',
        message: { ja: `事業者に任せている「${names.ja}」は、ISMAPの言明対象に含まれていません。契約や自らの対策で補ってください。`, en: `The provider is relied on for ${names.en}, which the ISMAP scope does not cover; cover them by contract or own measures.` },
        details: { gaps },
      };
    },
  },
  {
    def: {
      id: 'VS-AVAILABILITY',
      severity: 'warning',
      title: { ja: '可用性2なのにSLAの稼働率・RTO・RPOがない', en: 'Availability 2 without SLA availability, RTO and RPO' },
      explanation: {
        ja: '可用性2の情報資産を置くサービスでは、稼働率の目標、目標復旧時間（RTO）、目標復旧時点（RPO）をSLAで決めておきます。',
        en: 'A service holding availability-2 assets needs an availability target, recovery time objective (RTO) and recovery point objective (RPO) in its SLA.',
      },
      refs: ['KB-4.1.2', 'CP-4.1', 'KB-8.3.3'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §4.3, §7.2 (MIC request after the 2019 IaaS outage); seed 002',
    },
    evaluate: (s, cls) => {
      if (cls.a !== '2') return null;
      const missing: string[] = [];
      if (s.sla.availability === null) missing.push('availability');
      if (s.sla.rtoMinutes === null) missing.push('rto');
      if (s.sla.rpoMinutes === null) missing.push('rpo');
      if (missing.length === 0) return null;
      const ja = missing.map((m) => ({ availability: '稼働率', rto: 'RTO', rpo: 'RPO' })[m]).join('・');
      const en = missing.map((m) => ({ availability: 'availability', rto: 'RTO', rpo: 'RPO' })[m]).join(', ');
      return { effect: 'conditions', message: { ja: `可用性2の情報を扱うのに、SLAに${ja}がありません。`, en: `Holds availability-2 information but the SLA lacks ${en}.` }, details: { missing } };
    },
  },
  {
    def: {
      id: 'VS-MATRIX',
      severity: 'warning',
      title: { ja: '責任分界が決まっていない', en: 'No responsibility split' },
      explanation: {
        ja: '機密性2以上の情報を扱うサービスでは、団体と事業者の役割と責任（責任分界）を決め、複数の事業者がいれば団体が調整役を担います。',
        en: 'For services holding confidentiality 2+ information, the roles and responsibilities of the organisation and each vendor are defined, with the organisation coordinating between vendors.',
      },
      refs: ['CLD.6.3.1', 'CP-1.1', 'KB-8.3'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.1 [S]; seed 001 (multi-vendor coordination)',
    },
    evaluate: (s, cls) =>
      rank(cls.c) >= 2 && s.matrices.length === 0
        ? { effect: 'conditions', message: { ja: '責任分界表がありません。管理項目ごとに誰が実施責任を持つかを決めてください。', en: 'There is no responsibility matrix; decide who is responsible for each control area.' } }
        : null,
  },
  {
    def: {
      id: 'VS-MATRIX-FLAGS',
      severity: 'warning',
      title: { ja: '責任分界表に空白・重複がある', en: 'Gaps or overlaps in the responsibility matrix' },
      explanation: {
        ja: '実施責任者のいない管理項目や、二者以上が実施責任を持つ管理項目は、事故のときに対応が漏れたり食い違ったりします。',
        en: 'Areas with nobody responsible, or with two or more responsible, lead to missed or conflicting responses when something happens.',
      },
      refs: ['CLD.6.3.1', 'CP-7.1'],
      provisional: false,
      basis: 'Seed 001 (responsibility boundaries must be checked)',
    },
    evaluate: (s) => {
      const gaps = s.matrices.reduce((n, m) => n + m.gaps, 0);
      const overlaps = s.matrices.reduce((n, m) => n + m.overlaps, 0);
      if (gaps === 0 && overlaps === 0) return null;
      return {
        effect: 'conditions',
        message: { ja: `責任分界表に、実施責任者のいない項目が${gaps}件、複数いる項目が${overlaps}件あります。`, en: `The responsibility matrix has ${gaps} area(s) with nobody responsible and ${overlaps} with several.` },
        details: { gaps, overlaps },
      };
    },
  },
  {
    def: {
      id: 'VS-INCIDENT-SLA',
      severity: 'warning',
      title: { ja: '事故時の第一報の期限が決まっていない', en: 'No first-report time for incidents' },
      explanation: {
        ja: '機密性2以上の情報を扱うなら、事故や障害のときに事業者から第一報が届くまでの時間を決めておきます。',
        en: 'For confidentiality 2+ information, agree how quickly the provider must send a first report of an incident or outage.',
      },
      refs: ['CP-5.2', 'KB-8.3.3'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2 (incident reporting; MIC request to cloud providers)',
    },
    evaluate: (s, cls) =>
      rank(cls.c) >= 2 && s.sla.firstReportMinutes === null
        ? { effect: 'conditions', message: { ja: 'SLAに事故時の第一報の期限がありません。', en: 'The SLA has no first-report time for incidents.' } }
        : null,
  },
  {
    def: {
      id: 'VS-EXIT',
      severity: 'warning',
      title: { ja: '終了時のデータ返却・消去が決まっていない', en: 'No data return and deletion at exit' },
      explanation: {
        ja: '利用を終えるときのデータの返却方法と、消去（暗号化消去を含む）とその証明を決めておきます。',
        en: 'Agree how data is returned at exit and how it is erased (including cryptographic erase), with proof.',
      },
      refs: ['KB-8.3.7', 'CLD.8.1.5', 'CP-4.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §6.3, §7.2',
    },
    evaluate: (s, cls) =>
      rank(cls.c) >= 2 && !s.sla.exitTerms
        ? { effect: 'conditions', message: { ja: '終了時のデータ返却・消去とその証明の取決めが登録されていません。', en: 'No terms for data return, deletion and its proof at exit are recorded.' } }
        : null,
  },
];

export const SERVICE_RULES: ServiceRule[] = [
  {
    def: {
      id: 'VS-REG-EXPIRING',
      severity: 'info',
      title: { ja: 'ISMAP登録の期限が近い', en: 'ISMAP registration expiring soon' },
      explanation: {
        ja: '登録の有効期限が近づいています。更新の予定を事業者に確かめます。',
        en: 'The registration is close to its expiry; check the provider’s renewal plan.',
      },
      refs: ['KB-8.3.6'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.3',
    },
    evaluate: (s, today) => {
      if (registrationState(s, today) !== 'valid' || !s.registeredUntil) return null;
      return s.registeredUntil <= addDays(today, EXPIRY_WARNING_DAYS)
        ? { effect: 'note', message: { ja: `登録の有効期限（${s.registeredUntil}）が${EXPIRY_WARNING_DAYS}日以内です。`, en: `The registration expires on ${s.registeredUntil}, within ${EXPIRY_WARNING_DAYS} days.` } }
        : null;
    },
  },
  {
    def: {
      id: 'VS-APPROVAL',
      severity: 'warning',
      title: { ja: '利用承認がない・利用内容が変わった', en: 'Use not approved, or changed since approval' },
      explanation: {
        ja: '外部サービスは承認を得てから使い、扱う情報や目的が変わったら改めて承認を受けます。',
        en: 'External services are used only after approval; a change in the information or purpose needs a new approval.',
      },
      refs: ['KB-8.3.4'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §2 (8.3(4) 利用承認), §7.2',
    },
    evaluate: (s) => {
      if (s.status !== 'inUse') return null;
      if (s.approval === 'approved') return null;
      if (s.approval === 'stale')
        return { effect: 'conditions', message: { ja: '承認後に扱う情報や目的が変わっています。改めて利用承認を受けてください。', en: 'The information or purpose has changed since approval; a new approval is needed.' } };
      if (s.approval === 'pending') return { effect: 'note', message: { ja: '利用承認の申請中です。', en: 'An approval request is pending.' } };
      return { effect: 'conditions', message: { ja: '利用中ですが、利用承認の記録がありません。', en: 'In use without a recorded approval.' } };
    },
  },
  {
    def: {
      id: 'VS-SLA-BREACH',
      severity: 'warning',
      title: { ja: 'SLAの未達がある', en: 'SLA targets missed' },
      explanation: {
        ja: '過去12か月にSLAの目標を下回った月があります。事業者に原因と再発防止を求めます。',
        en: 'The SLA was missed in a month of the last twelve; ask the provider for the cause and prevention.',
      },
      refs: ['KB-8.3.6', 'A.5.22'],
      provisional: false,
      basis: 'Seed 001 (SLA must be checked)',
    },
    evaluate: (s) =>
      s.openBreaches > 0
        ? { effect: 'conditions', message: { ja: `過去12か月にSLAの未達が${s.openBreaches}件あります。`, en: `${s.openBreaches} SLA breach(es) in the last twelve months.` }, details: { breaches: s.openBreaches } }
        : null,
  },
];

export interface SuitabilityReason {
  ruleId: string;
  effect: 'no' | 'conditions' | 'note';
  title: { ja: string; en: string };
  message: { ja: string; en: string };
  refs: string[];
  provisional: boolean;
  details?: Record<string, unknown>;
}

export interface Suitability {
  classes: Classes;
  verdict: Verdict;
  reasons: SuitabilityReason[];
}

/** "May this service hold information of these classes, and under what conditions?" */
export function suitability(s: ServiceFacts, cls: Classes, today: string): Suitability {
  const reasons: SuitabilityReason[] = [];
  for (const rule of SUITABILITY_RULES) {
    const hit = rule.evaluate(s, cls, today);
    if (hit) reasons.push({ ruleId: rule.def.id, effect: hit.effect, title: rule.def.title, message: hit.message, refs: rule.def.refs, provisional: rule.def.provisional, ...(hit.details ? { details: hit.details } : {}) });
  }
  return { classes: cls, verdict: verdictOf(reasons), reasons };
}

/** The service's findings at the classes it holds now. */
export function checkService(s: ServiceFacts, today: string): Finding[] {
  const subject = { type: 'service' as const, id: s.id, name: s.name };
  const out: Finding[] = [];
  for (const rule of SUITABILITY_RULES) {
    const hit = rule.evaluate(s, s.classes, today);
    if (hit) out.push(finding(rule.def, subject, hit));
  }
  for (const rule of SERVICE_RULES) {
    const hit = rule.evaluate(s, today);
    if (hit) out.push(finding(rule.def, subject, hit));
  }
  return out;
}

/** Highest level per axis ("highest wins"), using the cross-scheme confidentiality rank. */
export function highestClasses(list: Classes[]): Classes {
  let c: string | null = null;
  let i: string | null = null;
  let a: string | null = null;
  for (const x of list) {
    if (x.c && (c === null || (C_RANK[x.c] ?? 0) > (C_RANK[c] ?? 0))) c = x.c;
    if (x.i && (i === null || Number(x.i) > Number(i))) i = x.i;
    if (x.a && (a === null || Number(x.a) > Number(a))) a = x.a;
  }
  return { c, i, a };
}

/** Areas the study group names when IaaS/PaaS scope is in doubt, intersected with the areas relied on. */
export function reliedButUncovered(relied: readonly ControlAreaId[], scope: readonly ControlAreaId[]): ControlAreaId[] {
  return relied.filter((a) => !scope.includes(a));
}
