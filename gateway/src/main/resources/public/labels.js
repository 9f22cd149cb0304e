// Chinese and English names of the ledger's codes (core/.../model), one place for every page.
import { bilingual, el } from './dom.js';

export const STATUS = {
  SUBMITTED: ['已提交', 'submitted'],
  FORMAL_REVIEW: ['形式审查中', 'in formal review'],
  NEEDS_CORRECTION: ['待补正', 'needs correction'],
  SUBSTANTIVE_REVIEW: ['实质审查中', 'in substantive review'],
  PUBLIC_NOTICE: ['公示中', 'in public notice'],
  OBJECTION_PENDING: ['异议处理中', 'objection pending'],
  ISSUED: ['已登记', 'registered'],
  EXPIRED: ['已到期', 'expired'],
  SUSPENDED: ['已中止', 'suspended'],
  REVOKED: ['已撤销', 'revoked'],
  ABANDONED: ['已放弃', 'abandoned'],
  CANCELLED: ['已注销', 'cancelled'],
  WITHDRAWN: ['已撤回', 'withdrawn'],
  REJECTED: ['不予登记', 'rejected'],
};

export const RIGHT_TYPE = {
  HOLDING: ['数据资源持有权', 'holding'],
  PROCESSING_USE: ['数据加工使用权', 'processing and use'],
  PRODUCT_OPERATION: ['数据产品经营权', 'product operation'],
};

export const ACCOUNT_KIND = { ENTERPRISE: ['企业', 'enterprise'], PERSON: ['个人', 'person'], PUBLIC_BODY: ['公共机构', 'public body'] };

export const ROLE = {
  REGISTRAR: ['登记机构', 'registrar'],
  REVIEWER: ['第三方服务机构（审查）', 'reviewer'],
  HOLDER: ['登记主体', 'holder'],
  EXCHANGE: ['数据交易所', 'exchange'],
  REGULATOR: ['监管机构', 'regulator'],
};

/** The kinds of record in a provenance timeline. */
export const RECORD = {
  evidence: ['存证', 'evidence deposit'],
  registration: ['登记', 'registration'],
  review: ['审查意见', 'review'],
  objection: ['异议', 'objection'],
  certificate: ['证书', 'certificate'],
  encumbrance: ['质押、许可或信托', 'pledge, licence or trust'],
  transfer: ['转让', 'transfer'],
  listingCheck: ['挂牌核验', 'listing check'],
  trade: ['交易', 'trade'],
  delivery: ['交付', 'delivery'],
};

export const ASSET_CLASS = { DATA_RESOURCE: ['数据资源', 'data resource'], DATA_ELEMENT: ['数据要素', 'data element'], DATA_PRODUCT: ['数据产品', 'data product'] };
export const ASSET_FORM = {
  DATASET: ['数据集', 'data set'], API: ['数据接口', 'API'], REPORT: ['数据报告', 'report'], APPLICATION: ['数据应用', 'application'],
  MODEL_ALGORITHM: ['模型算法', 'model or algorithm'], INDICATOR: ['指标', 'indicator'], OTHER: ['其他', 'other'],
};
export const SOURCE = { PERSONAL: ['个人数据', 'personal data'], ENTERPRISE: ['企业数据', 'enterprise data'], PUBLIC: ['公共数据', 'public data'], GOVERNMENT: ['政务数据', 'government data'] };
export const ACQUISITION = { ORIGINAL: ['原始取得', 'original'], COLLECTED: ['收集取得', 'collected'], AUTHORISED: ['授权取得', 'authorised'], OTHER: ['其他', 'other'] };
export const FREQUENCY = { REAL_TIME: ['实时', 'real time'], DAILY: ['每日', 'daily'], MONTHLY: ['每月', 'monthly'], CUSTOM: ['其他', 'custom'] };
export const ATTACHMENT_KIND = {
  COMPLIANCE_UNDERTAKING: ['合规承诺书', 'compliance undertaking'], RESPONSIBILITY_UNDERTAKING: ['责任承诺书', 'responsibility undertaking'],
  ASSESSMENT_REPORT: ['第三方评估报告', 'assessment report'], NOTARIAL_CERTIFICATE: ['公证书', 'notarial certificate'],
  POWER_OF_ATTORNEY: ['授权委托书', 'power of attorney'],
};
export const CLASSIFICATION = { GENERAL: ['一般数据', 'general'], IMPORTANT: ['重要数据', 'important'], CORE: ['核心数据', 'core'] };
export const REVOCATION = {
  FRAUD: ['以欺骗等不正当手段取得登记', 'obtained by fraud'], REFUSAL_GROUNDS: ['存在不予登记情形', 'grounds for refusal'],
  HARM: ['损害国家或公共利益', 'harm to the public interest'], PETITION: ['利害关系人申请', 'petition'], ORDER: ['法院或监管机关决定', 'court or regulator order'],
};
export const ENCUMBRANCE = { PLEDGE: ['质押', 'pledge'], LICENCE: ['许可', 'licence'], TRUST: ['信托', 'trust'] };
export const DELIVERY_MODE = { FILE: ['文件', 'file'], API: ['接口', 'API'], SERVICE: ['服务', 'service'], PRIVACY_COMPUTING: ['隐私计算', 'privacy computing'], MODEL: ['模型', 'model'] };
export const TRADE_KIND = { LICENCE: ['许可使用', 'licence'], TRANSFER: ['转让', 'transfer'] };
export const TRADE_STATUS = { RECORDED: ['已记录', 'recorded'], SETTLED: ['已结算', 'settled'], DISPUTED: ['有争议', 'disputed'], RESOLVED: ['争议已解决', 'resolved'] };
export const DELIVERY_STATUS = {
  DELIVERED: ['已交付', 'delivered'], ACCEPTED: ['已验收', 'accepted'], REJECTED: ['已拒收', 'rejected'],
  COMPLETED: ['已完成', 'completed'], DELETED: ['已删除', 'deleted'],
};
export const RECOGNITION_STATUS = { PROPOSED: ['待对方接受', 'proposed'], ACTIVE: ['已生效', 'in force'], WITHDRAWN: ['已撤回', 'withdrawn'] };
export const OBJECTION_KIND = { GENERAL: ['一般异议', 'general'], OWNERSHIP: ['权属异议', 'ownership'] };
export const OBJECTION_STATUS = {
  RAISED: ['已提出', 'raised'], ANSWERED: ['已答复', 'answered'], AWAITING_FILING: ['待起诉', 'awaiting a court filing'], FILED: ['已起诉', 'filed in court'],
  UPHELD: ['异议成立', 'upheld'], DISMISSED: ['异议不成立', 'dismissed'], LAPSED: ['逾期未起诉', 'lapsed'],
};

/** issue 24: the row of the verify page that shows a certificate's log receipt. */
export const TRANSPARENCY_LOG = ['透明日志', 'Transparency log'];

/** "中文 English" for a code, or the code itself when it has no name. */
export function named(table, code) {
  const n = table[code];
  return n ? `${n[0]} ${n[1]}` : code == null ? '—' : String(code);
}

// How a status reads at a glance (dareg.css colours it and adds a sign): in force, needs attention, ended, replaced; anything else is under way.
const TONE = {
  ISSUED: 'ok', ACTIVE: 'ok', SETTLED: 'ok', ACCEPTED: 'ok', COMPLETED: 'ok', RESOLVED: 'ok',
  NEEDS_CORRECTION: 'attention', OBJECTION_PENDING: 'attention', SUSPENDED: 'attention', DISPUTED: 'attention', RAISED: 'attention',
  ANSWERED: 'attention', AWAITING_FILING: 'attention', FILED: 'attention',
  REVOKED: 'ended', REJECTED: 'ended', CANCELLED: 'ended', EXPIRED: 'ended', ABANDONED: 'ended', WITHDRAWN: 'ended', DELETED: 'ended', UPHELD: 'ended',
  SUPERSEDED: 'superseded',
};

/** A status as a badge: its words in Chinese and English, with a tone that dareg.css colours. */
export function badge(table, code) {
  const n = table[code];
  return el('span', { class: 'status', 'data-status': String(code), 'data-tone': TONE[code] || 'progress' },
    ...(n ? bilingual(n[0], n[1]) : [code == null ? '—' : String(code)]));
}
