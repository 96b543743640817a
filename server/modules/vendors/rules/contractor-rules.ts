import { C_RANK, CONTRACT_CLAUSES, named } from '@shared/vendors';
import { EXPIRY_WARNING_DAYS } from './service-rules';
import { type ContractorFacts, type Finding, type RuleDef, type RuleHit, addDays, finding } from './model';

/** Rules about contractors and their contracts. */

type ContractorRule = { def: RuleDef; evaluate(c: ContractorFacts, today: string): RuleHit[] };

const handlesConfidential = (c: ContractorFacts) =>
  c.contracts.some((k) => k.status === 'active' && (C_RANK[k.maxConfidentiality ?? ''] ?? 0) >= 2);

export const CONTRACTOR_RULES: ContractorRule[] = [
  {
    def: {
      id: 'VC-CERT-EXPIRED',
      severity: 'error',
      title: { ja: '認証の有効期限切れ', en: 'Certification expired' },
      explanation: {
        ja: '委託先を選んだ根拠の認証が期限切れです。更新の証明を求めます。',
        en: 'A certification the contractor was chosen on has expired; ask for proof of renewal.',
      },
      refs: ['KB-8.1.2', 'KB-8.1.3'],
      provisional: false,
      basis: 'Issue 8 (expired or missing certificate); GUIDELINE-FACTS §7.2',
    },
    evaluate: (c, today) =>
      c.status === 'active'
        ? c.certifications
            .filter((x) => x.validUntil !== null && x.validUntil < today)
            .map((x) => ({ effect: 'no' as const, message: { ja: `「${x.label}」の有効期限（${x.validUntil}）が過ぎています。`, en: `"${x.label}" expired on ${x.validUntil}.` }, details: { certificationId: x.id } }))
        : [],
  },
  {
    def: {
      id: 'VC-CERT-EXPIRING',
      severity: 'info',
      title: { ja: '認証の有効期限が近い', en: 'Certification expiring soon' },
      explanation: { ja: '認証の有効期限が近づいています。更新の予定を確かめます。', en: 'A certification is close to expiry; check the renewal plan.' },
      refs: ['KB-8.1.3'],
      provisional: false,
      basis: 'Issue 8 (reminders for certificates)',
    },
    evaluate: (c, today) =>
      c.status === 'active'
        ? c.certifications
            .filter((x) => x.validUntil !== null && x.validUntil >= today && x.validUntil <= addDays(today, EXPIRY_WARNING_DAYS))
            .map((x) => ({ effect: 'note' as const, message: { ja: `「${x.label}」の有効期限（${x.validUntil}）が近づいています。`, en: `"${x.label}" expires on ${x.validUntil}.` }, details: { certificationId: x.id } }))
        : [],
  },
  {
    def: {
      id: 'VC-CERT-MISSING',
      severity: 'warning',
      title: { ja: '機密性2以上を扱う委託先に認証の記録がない', en: 'No certification for a contractor handling confidentiality 2+' },
      explanation: {
        ja: '機密性2以上の情報を渡す委託先は、選定基準に照らして体制を確かめます。第三者認証がなければ、チェックシートや監査で確かめた記録を残します。',
        en: 'Contractors receiving confidentiality 2+ information are checked against selection criteria; without a third-party certification, keep the record of the check sheet or audit that confirmed them.',
      },
      refs: ['KB-8.1.2'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §2 (8.1(2) selection criteria)',
    },
    evaluate: (c, today) =>
      c.status === 'active' && handlesConfidential(c) && !c.certifications.some((x) => x.validUntil === null || x.validUntil >= today)
        ? [{ effect: 'conditions', message: { ja: '機密性2以上の情報を渡していますが、有効な認証の記録がありません。', en: 'Confidentiality 2+ information is handed over, but no valid certification is recorded.' } }]
        : [],
  },
  {
    def: {
      id: 'VC-SUBCONTRACT',
      severity: 'warning',
      title: { ja: '承認されていない再委託', en: 'Subcontracting without approval' },
      explanation: {
        ja: '再委託は事前の承認が必要です。承認待ちや不承認のまま業務が進んでいないか確かめます。',
        en: 'Subcontracting needs prior approval; check that no work proceeds while it is pending or refused.',
      },
      refs: ['KB-8.1.2', 'A.5.21'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §2 (8.1(2)); issue 8',
    },
    evaluate: (c) =>
      c.contracts
        .filter((k) => k.status === 'active')
        .flatMap((k) =>
          k.subcontracts
            .filter((s) => s.status !== 'approved')
            .map((s) => ({
              effect: s.status === 'refused' ? ('no' as const) : ('conditions' as const),
              message:
                s.status === 'refused'
                  ? { ja: `契約「${k.title}」の再委託先「${s.contractorName}」は不承認です。`, en: `Subcontractor "${s.contractorName}" under "${k.title}" was refused.` }
                  : { ja: `契約「${k.title}」の再委託先「${s.contractorName}」は承認待ちです。`, en: `Subcontractor "${s.contractorName}" under "${k.title}" awaits approval.` },
              details: { contractId: k.id, subcontractId: s.id },
            })),
        ),
  },
  {
    def: {
      id: 'VC-CLAUSES',
      severity: 'warning',
      title: { ja: '契約条項に不足がある', en: 'Contract clauses missing' },
      explanation: {
        ja: '機密性2以上の情報を渡す契約には、秘密保持、再委託の承認、監査、事故報告、返却・消去などの条項を入れます。',
        en: 'Contracts handing over confidentiality 2+ information contain clauses on confidentiality, subcontracting approval, audit, incident reporting, return and deletion and more.',
      },
      refs: ['KB-8.1.2', 'KB-8.3.3'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §2 (8.1(2) contract items), §7.2',
    },
    evaluate: (c) =>
      c.contracts
        .filter((k) => k.status === 'active' && (C_RANK[k.maxConfidentiality ?? ''] ?? 0) >= 2)
        .flatMap((k) => {
          const missing = CONTRACT_CLAUSES.filter((cl) => {
            const st = k.clauses[cl.id];
            return st === undefined || st === 'missing' || st === 'partial';
          }).map((cl) => cl.id);
          if (missing.length === 0) return [];
          const ja = missing.map((m) => named(CONTRACT_CLAUSES, m, 'ja')).join('、');
          const en = missing.map((m) => named(CONTRACT_CLAUSES, m, 'en')).join(', ');
          return [{ effect: 'conditions' as const, message: { ja: `契約「${k.title}」で、${ja}が確認できていません。`, en: `Contract "${k.title}" lacks confirmed clauses: ${en}.` }, details: { contractId: k.id, clauses: missing } }];
        }),
  },
  {
    def: {
      id: 'VC-CHECKSHEET',
      severity: 'warning',
      title: { ja: '今年度のチェックシートが確認済みでない', en: 'This year’s check sheet not accepted' },
      explanation: {
        ja: '委託先が要件を守っているかを、外部委託先に関するセキュリティ要件のチェックシートで毎年確かめます。',
        en: 'Each year, the contractor’s compliance is confirmed with the security-requirements check sheet for contractors.',
      },
      refs: ['KB-8.2.1', 'KB-8.1.3'],
      provisional: false,
      basis: 'GUIDELINE-FACTS §7.2 (R6.10: verify with MIC’s check sheet)',
    },
    evaluate: (c) => {
      if (c.status !== 'active' || !c.contracts.some((k) => k.status === 'active')) return [];
      if (c.sheetStatus === 'accepted') return [];
      return [
        {
          effect: 'conditions',
          message:
            c.sheetStatus === null
              ? { ja: '今年度のチェックシートがまだ作られていません。', en: 'No check sheet has been made this fiscal year.' }
              : { ja: '今年度のチェックシートはまだ確認済みになっていません。', en: 'This fiscal year’s check sheet is not yet accepted.' },
          details: { sheetStatus: c.sheetStatus },
        },
      ];
    },
  },
  {
    def: {
      id: 'VC-FOREIGN-CONTROL',
      severity: 'info',
      title: { ja: '外国の支配に関する申告がない', en: 'No declaration on foreign control' },
      explanation: {
        ja: '令和8年の通知では、委託先に、懸念のある外国の支配下にないことを申告させるよう求めています。',
        en: 'The 2026 notice asks that contractors declare they are not under the control of a foreign entity of concern.',
      },
      refs: ['KB-6.3.9'],
      provisional: true,
      basis: 'GUIDELINE-FACTS §7.2 (R8 supply-chain notice, per notice copy)',
    },
    evaluate: (c) =>
      c.status === 'active' && c.contracts.some((k) => k.status === 'active') && !c.foreignControlDeclaredOn
        ? [{ effect: 'note', message: { ja: '外国の支配下にないことの申告日が登録されていません。', en: 'No date of the declaration on foreign control is recorded.' } }]
        : [],
  },
];

export function checkContractor(c: ContractorFacts, today: string): Finding[] {
  const subject = { type: 'contractor' as const, id: c.id, name: c.name };
  return CONTRACTOR_RULES.flatMap((rule) => rule.evaluate(c, today).map((hit) => finding(rule.def, subject, hit)));
}
