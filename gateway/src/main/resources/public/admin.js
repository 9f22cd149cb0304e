// The registry administrator's page: the registry's settings, its transparency log's witnesses,
// the rule profiles, and the working-day calendar deadlines are counted with, warned of when it
// covers fewer than 60 days ahead (the gateway's own judgment, from /health, at the ledger's time).
import { bilingual, chinaTime, el } from './dom.js';
import { details, section } from './ui.js';

/** The calendar's warning from the gateway's health, or null: it warns on the ledger's clock. */
async function calendarWarning() {
  try {
    const health = await (await fetch('/health', { headers: { Accept: 'application/json' } })).json();
    return (health.warnings || []).find((w) => w.includes('calendar')) || null;
  } catch {
    return null;
  }
}

function calendar(view, warning) {
  const lastDay = `${view.lastYear}-12-31`;
  const next = view.lastYear + 1;
  return section('工作日历', 'Working-day calendar',
    ...(warning ? [el('p', { class: 'warning', id: 'calendar-warning', role: 'alert' },
      ...bilingual(`工作日历将于 ${lastDay} 结束，剩余不足 60 天：期限跨入 ${next} 年的操作将被拒绝，直至记录 ${next} 年的节假日安排。`
        + `国务院公布 ${next} 年节假日安排后，请用 dareg calendar set ${next} FILE 记录。`, warning))] : []),
    details([
      ['覆盖年份', 'Years covered', `${view.firstYear} — ${view.lastYear}`],
      ['最后一天', 'Last day', lastDay],
      ['随规则发布至', 'Shipped with the rules up to', view.shippedLastYear],
      ['链上记录的年份', 'Years recorded on the ledger', (view.recorded || []).map((y) => y.year).join('、') || '—'],
    ]));
}

function witnesses(settings) {
  const keys = settings.logWitnesses || [];
  return section('透明日志见证方', 'Transparency log witnesses',
    keys.length
      ? [details([['法定人数', 'Quorum', `${settings.logWitnessQuorum} / ${keys.length}`]]),
        el('ul', { id: 'witnesses', class: 'detail' }, ...keys.map((k) => el('li', {}, k)))]
      : el('p', { class: 'empty', id: 'witnesses' }, ...bilingual('尚未指定见证方：检查点只有本登记机构的签名。',
        'No witnesses are named: checkpoints carry only this registry\u2019s signature.')));
}

/** The page of a registry admin (an admin of the registry's own organisation); null for another organisation's admin. */
export async function render(session, who) {
  const settings = await session.get('/settings');
  if (who.identity.msp !== settings.registryMsp) return null;
  const [view, profiles, warning] = await Promise.all([session.get('/calendar'), session.get('/profiles'), calendarWarning()]);
  return el('div', { id: 'registry-admin' },
    section('登记机构设置', 'Registry settings', details([
      ['登记机构', 'Registry', settings.registryName],
      ['组织标识', 'Organisation (MSP)', settings.registryMsp],
      ['账本标识', 'Ledger id', settings.ledgerId],
      ['默认规则配置', 'Default profile', settings.defaultProfile],
      ['初始化', 'Initialised', `${chinaTime(settings.initialisedAt)}，${settings.initialisedBy ? settings.initialisedBy.id : '—'}`],
      ['受信任的根证书', 'Trusted roots', (settings.trustedRoots || []).map((r) => r.msp).join('、') || '—'],
      ['签名请求时间容差', 'Signed request skew', `${settings.requestSkewSeconds || 300} s`],
    ])),
    calendar(view, warning),
    witnesses(settings),
    section('规则配置', 'Rule profiles', el('ul', { id: 'profiles' }, ...profiles.map((p) =>
      el('li', { 'data-profile': p.code }, `${p.code}：${p.name}`, p.code === settings.defaultProfile ? ' ' : '',
        ...(p.code === settings.defaultProfile ? [el('span', { class: 'status', 'data-tone': 'ok' }, ...bilingual('默认', 'default'))] : []))))),
    el('p', { class: 'note' }, ...bilingual('记录新一年的日历请用 dareg calendar set；角色表和见证方的修改目前经由接口 POST /api/v1/roles 与 /api/v1/settings/log-witnesses。',
      'Record a year of the calendar with dareg calendar set; the role table and the witnesses change through POST /api/v1/roles and /api/v1/settings/log-witnesses for now.')));
}
