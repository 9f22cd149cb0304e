// What each check of POST /api/v1/certificates/verify means, in plain words, in Chinese and English.

export const CHECKS = {
  SIGNATURE: {
    zh: '登记机构签名', en: 'Registry signature',
    PASS: ['证书内容由登记机构签名，签名后未被改动。', 'The registry signed this content, and it has not been changed since.'],
    FAIL: ['签名与内容不符：证书在签发后被改动，或并非由登记机构签发。', 'The signature does not match: the certificate was altered after issue, or the registry did not issue it.'],
  },
  CHAIN: {
    zh: '签发证书链', en: 'Chain to the registry root',
    PASS: ['签名密钥属于本登记机构。', 'The signing key belongs to this registry.'],
    FAIL: ['签名密钥不属于本登记机构。', 'The signing key does not belong to this registry.'],
  },
  VALIDITY: {
    zh: '有效期', en: 'Validity period',
    PASS: ['当前在证书有效期内。', 'Today is within the certificate\u2019s validity period.'],
    FAIL: ['当前不在证书有效期内（尚未生效或已过期）。', 'Today is outside the validity period (not yet valid, or expired).'],
  },
  LEDGER_RECORDED: {
    zh: '登记链记录', en: 'Recorded on the ledger',
    PASS: ['登记链记录的正是这份证书。', 'The ledger records exactly this certificate.'],
    FAIL: ['登记链上没有这份证书，或记录的是另一份文件：此证书被改动或伪造。', 'The ledger does not record this document: it was altered or forged.'],
    SKIPPED: ['未询问登记链。', 'The ledger was not asked.'],
  },
  LEDGER_STATUS: {
    zh: '证书状态', en: 'Still in force',
    PASS: ['证书及其登记仍然有效。', 'The certificate and its registration are in force.'],
    FAIL: ['证书已不再有效。', 'The certificate is no longer in force.'],
    SKIPPED: ['未询问登记链。', 'The ledger was not asked.'],
  },
  EVIDENCE: {
    zh: '数据比对', en: 'Data match',
    PASS: ['所给数据与证书的存证一致。', 'The data given matches the certificate\u2019s evidence.'],
    FAIL: ['所给数据与证书的存证不一致。', 'The data given does not match the certificate\u2019s evidence.'],
    SKIPPED: ['未提供数据，未做比对（可用 dareg verify --data 比对）。', 'No data was given to compare (dareg verify --data compares it).'],
  },
};

export const OUTCOMES = {
  PASS: ['通过', 'Pass'],
  FAIL: ['未通过', 'Fail'],
  SKIPPED: ['未检查', 'Not checked'],
};

// Why a certificate is no longer in force, from the ledger status the detail names.
const STATUS_WORDS = [
  ['REVOKED', '已被撤销', 'it was revoked'],
  ['SUPERSEDED', '已被新版本证书取代', 'a newer certificate replaced it'],
  ['CANCELLED', '已被注销', 'it was cancelled'],
  ['SUSPENDED', '登记已被中止', 'the registration is suspended'],
  ['EXPIRED', '登记已到期', 'the registration has expired'],
  ['ABANDONED', '权利人已放弃权利', 'the holder abandoned the right'],
];

/** The plain words for one check: [Chinese, English]. */
export function explain(check) {
  const known = CHECKS[check.name];
  if (!known) {
    return [check.name, check.name];
  }
  const words = known[check.outcome] || OUTCOMES[check.outcome] || [check.outcome, check.outcome];
  // issue 25: a certificate of another registry, recognised (or not) by this registry under a mutual recognition agreement
  if (check.name === 'CHAIN' && check.outcome === 'PASS' && /recognised by/.test(check.detail || '')) {
    const registry = /signed by registry (\w+)/.exec(check.detail)[1];
    return [`签名密钥属于登记机构 ${registry}，本登记机构依互认协议认可其根证书（协议见下）。`,
      `The signing key belongs to registry ${registry}, whose root this registry recognises under a mutual recognition agreement (named below).`];
  }
  if (check.name === 'CHAIN' && check.outcome === 'FAIL' && /the certificate is registry \w+'s/.test(check.detail || '')) {
    const registry = /the certificate is registry (\w+)'s/.exec(check.detail)[1];
    return [`证书由登记机构 ${registry} 签发，本登记机构未依现行互认协议认可其根证书（原因见下）。`,
      `Registry ${registry} issued this certificate, and this registry does not recognise its root under an agreement in force (why, below).`];
  }
  if (check.name.startsWith('LEDGER_') && check.outcome === 'SKIPPED' && /peer registry/.test(check.detail || '')) {
    return ['证书的记录和状态在其登记机构自己的登记链上，本处未查询。', 'Its record and status are on its own registry\u2019s ledger, which was not asked here.'];
  }
  if (check.name === 'LEDGER_STATUS' && check.outcome === 'FAIL') {
    const why = STATUS_WORDS.find(([code]) => (check.detail || '').includes(code));
    if (why) {
      return [`证书已不再有效：${why[1]}。`, `The certificate is no longer in force: ${why[2]}.`];
    }
  }
  return words;
}
