// The registry administrator's page: the registry's settings, its transparency log's witnesses,
// the rule profiles, and the working-day calendar deadlines are counted with, warned of when it
// covers fewer than 60 days ahead (the gateway's own judgment, from /health, at the ledger's time);
// the role table, the prohibited list and public terms, the sweep and the period report, and operating
// the ledger (audit, backup, how to restore, the request audit log, the log's witnesses: ledgerops.js).
import * as accounts from './accounts.js';
import * as ledgerops from './ledgerops.js';
import { sweep } from './decisions.js';
import { bilingual, chinaTime, el } from './dom.js';
import * as reports from './reports.js';
import * as terms from './terms.js';
import { button, details, field, outcomeBox, section, showDone, values } from './ui.js';

/** A refusal of the page itself, in plain words (as the gateway's are). */
const wrong = (line, zh, en) => ({ zh: `第 ${line} 行：${zh}`, en: `Line ${line}: ${en}` });

/**
 * Reads a year of the calendar in the format of dareg calendar set (docs/rules.md, "Working days"):
 * 'year YYYY', 'source TEXT', then 'YYYY-MM-DD[/YYYY-MM-DD] holiday|workday'; # starts a comment.
 * The ledger checks the days again (CalendarYear); this says early which line is at fault.
 */
export function parseCalendar(text) {
  let year = null;
  let source = null;
  const holidays = [];
  const workdays = [];
  const seen = new Set();
  const day = (no, t) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(Date.parse(`${t}T00:00:00Z`))) throw wrong(no, `“${t}”不是日期（YYYY-MM-DD）。`, `'${t}' is not a date (YYYY-MM-DD).`);
    return new Date(`${t}T00:00:00Z`);
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [head, rest] = [line.split(/\s+/, 1)[0], line.slice(line.split(/\s+/, 1)[0].length).trim()];
    if (!rest) throw wrong(no, `“${line}”应为两部分：year、source 或 日期 holiday|workday。`, `'${line}' needs two parts: 'year YYYY', 'source TEXT' or 'DATE[/DATE] holiday|workday'.`);
    if (head === 'year') {
      year = Number(rest);
      if (!Number.isInteger(year)) throw wrong(no, `“${rest}”不是年份。`, `'${rest}' is not a year.`);
      return;
    }
    if (head === 'source') {
      source = rest;
      return;
    }
    if (rest !== 'holiday' && rest !== 'workday') throw wrong(no, `“${rest}”应为 holiday 或 workday。`, `'${rest}' is neither holiday nor workday.`);
    const ends = head.split('/');
    const from = day(no, ends[0]);
    const to = ends.length > 1 ? day(no, ends[1]) : from;
    if (ends.length > 2 || to < from) throw wrong(no, `“${head}”不是日期或 起/止 日期范围。`, `'${head}' is not a date or a range FROM/TO.`);
    for (let d = from; d <= to; d = new Date(d.getTime() + 86400000)) {
      const iso = d.toISOString().slice(0, 10);
      if (seen.has(iso)) throw wrong(no, `${iso} 重复列出。`, `${iso} is listed twice.`);
      seen.add(iso);
      if (rest === 'workday' && d.getUTCDay() !== 0 && d.getUTCDay() !== 6) throw wrong(no, `${iso} 不是周末，不能调为工作日。`, `${iso} is not a Saturday or Sunday: only those are swapped into working days.`);
      (rest === 'holiday' ? holidays : workdays).push(iso);
    }
  });
  if (year === null) throw { zh: '缺少 year 行。', en: 'The year line is missing.' };
  if (!source) throw { zh: '缺少 source 行（所依据的国务院通知）。', en: 'The source line (the State Council notice) is missing.' };
  const outside = [...holidays, ...workdays].find((d) => !d.startsWith(`${year}-`));
  if (outside) throw { zh: `${outside} 不在 ${year} 年。`, en: `${outside} is not in ${year}.` };
  return { year, holidays, workdays, source };
}

/** Recording the next year of the calendar: pasted or picked from a file in the dareg calendar set format. */
function calendarForm(session, next) {
  const box = outcomeBox();
  const file = el('input', { type: 'file', id: 'calendar-file', accept: '.txt,text/plain' });
  const form = el('div', { class: 'form', id: 'calendar-year' },
    el('p', { class: 'note' }, ...bilingual(`国务院公布 ${next} 年节假日安排后，在此粘贴或选择与 dareg calendar set 相同格式的文件：`,
      `When the State Council publishes ${next}’s arrangement, paste it here or pick a file in the format of dareg calendar set:`)),
    el('pre', {}, `year ${next}\nsource 国务院办公厅关于${next}年部分节假日安排的通知\n${next}-01-01 holiday\n${next}-02-06/${next}-02-12 holiday\n${next}-02-14 workday`),
    el('label', {}, ...bilingual('选择文件', 'Pick the file'), file),
    field('日历文本', 'Calendar text', 'calendar', { rows: 8 }));
  file.addEventListener('change', async () => {
    if (file.files[0]) form.querySelector('[name=calendar]').value = await file.files[0].text();
  });
  form.append(button(`记录 ${next} 年日历`, `Record ${next}`, box, async () => {
    const y = await session.post('/calendar/years', parseCalendar(values(form).calendar));
    showDone(box, el('span', { 'data-year': String(y.year) }, ...bilingual(`已记录 ${y.year} 年：节假日 ${y.holidays.length} 天，调休工作日 ${y.workdays.length} 天。`,
      `Recorded ${y.year}: ${y.holidays.length} holidays, ${y.workdays.length} swapped working days.`)));
  }, { 'data-action': 'record-calendar' }), box);
  return form;
}

/** Naming the log's witnesses (tlog-cosignature/v1 verifier keys, one a line) and the quorum. */
function witnessForm(session, settings) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'set-witnesses' },
    field('见证方公钥（每行一个，dareg witness keygen 输出的验证密钥）', 'Witness keys, one a line (the verifier key dareg witness keygen prints)', 'keys', { rows: 4 }),
    field('法定人数（须有多少见证方联署）', 'Quorum (how many must cosign)', 'quorum', { type: 'number', value: String(settings.logWitnessQuorum || 1) }));
  form.querySelector('[name=keys]').value = (settings.logWitnesses || []).join('\n');
  form.append(button('保存见证方', 'Save the witnesses', box, async () => {
    const v = values(form);
    const keys = v.keys.split(/\r?\n/).map((k) => k.trim()).filter(Boolean);
    const saved = await session.post('/settings/log-witnesses', { logWitnesses: keys, logWitnessQuorum: keys.length ? Number(v.quorum) : null });
    const n = (saved.logWitnesses || []).length;
    showDone(box, el('span', { 'data-witnesses': String(n) }, ...bilingual(n ? `已保存：${n} 个见证方，须 ${saved.logWitnessQuorum} 个联署。` : '已清除见证方。',
      n ? `Saved: ${n} witnesses, ${saved.logWitnessQuorum} must cosign.` : 'No witnesses now.')));
  }, { 'data-action': 'set-witnesses' }), box);
  return form;
}

/** The calendar's warning from the gateway's health, or null: it warns on the ledger's clock. */
async function calendarWarning() {
  try {
    const health = await (await fetch('/health', { headers: { Accept: 'application/json' } })).json();
    return (health.warnings || []).find((w) => w.includes('calendar')) || null;
  } catch {
    return null;
  }
}

function calendar(session, view, warning) {
  const lastDay = `${view.lastYear}-12-31`;
  const next = view.lastYear + 1;
  return section('工作日历', 'Working-day calendar',
    ...(warning ? [el('p', { class: 'warning', id: 'calendar-warning', role: 'alert' },
      ...bilingual(`工作日历将于 ${lastDay} 结束，剩余不足 60 天：期限跨入 ${next} 年的操作将被拒绝，直至记录 ${next} 年的节假日安排。`
        + `国务院公布 ${next} 年节假日安排后，请在下面记录（或用 dareg calendar set ${next} FILE）。`, warning))] : []),
    details([
      ['覆盖年份', 'Years covered', `${view.firstYear} — ${view.lastYear}`],
      ['最后一天', 'Last day', lastDay],
      ['随规则发布至', 'Shipped with the rules up to', view.shippedLastYear],
      ['链上记录的年份', 'Years recorded on the ledger', (view.recorded || []).map((y) => y.year).join('、') || '—'],
    ]), calendarForm(session, next));
}

function witnesses(session, settings) {
  const keys = settings.logWitnesses || [];
  return section('透明日志见证方', 'Transparency log witnesses',
    ...(keys.length
      ? [details([['法定人数', 'Quorum', `${settings.logWitnessQuorum} / ${keys.length}`]]),
        el('ul', { id: 'witnesses', class: 'detail' }, ...keys.map((k) => el('li', {}, k)))]
      : [el('p', { class: 'empty', id: 'witnesses' }, ...bilingual('尚未指定见证方：检查点只有本登记机构的签名。',
        'No witnesses are named: checkpoints carry only this registry\u2019s signature.'))]),
    witnessForm(session, settings));
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
    calendar(session, view, warning),
    witnesses(session, settings),
    ledgerops.render(session, true),
    section('规则配置', 'Rule profiles', el('ul', { id: 'profiles' }, ...profiles.map((p) =>
      el('li', { 'data-profile': p.code }, `${p.code}：${p.name}`, p.code === settings.defaultProfile ? ' ' : '',
        ...(p.code === settings.defaultProfile ? [el('span', { class: 'status', 'data-tone': 'ok' }, ...bilingual('默认', 'default'))] : []))))),
    await accounts.roleTable(session),
    ...terms.render(session, settings),
    sweep(session),
    reports.render(session));
}
