// The console's building blocks: labelled fields, definition lists, and buttons that call the API
// and show what happened, a refusal in plain words first and the gateway's own detail after it.
import { bilingual, chinaTime, el } from './dom.js';
import { STATUS, badge, named } from './labels.js';
import { Refusal } from './session.js';

const PROBLEMS = {
  conflict: ['登记机构拒绝了此操作：登记当前的状态或期限不允许这样做。', 'The registry refused: the registration\u2019s current state or a deadline does not allow this.'],
  forbidden: ['您的身份无权执行此操作。', 'Your identity may not do this.'],
  invalid: ['填写的内容有误，请按下面的说明改正后再试。', 'Something entered is not right: correct it as described below and try again.'],
  'not-found': ['没有找到所要的记录。', 'The record asked for does not exist.'],
  unauthorized: ['登录凭证未被接受，请重新登录。', 'The gateway did not accept your sign-in: sign in again.'],
  'too-many-requests': ['请求过于频繁，请稍后再试。', 'Too many requests: try again shortly.'],
  unavailable: ['登记系统暂时不可用，请稍后再试。', 'The registry is unavailable for now: try again later.'],
};

// The rules' commonest refusals (chaincode/.../registry), said plainly: [pattern, match -> [zh, en]].
const REASONS = [
  [/public notice of \S+ runs until (\S+?);/, (m) => [`公示期至 ${chinaTime(m[1])} 尚未结束，期满后才能颁发。`, `The public notice has not ended (it runs until ${m[1]}): issue after it ends.`]],
  [/cannot (.+?) \S+ while it is (\w+); it must be (.+)$/, (m) => {
    const codes = m[3].match(/[A-Z][A-Z_]{3,}/g) || [];
    return [`登记当前为“${named(STATUS, m[2])}”，${codes.length ? `此操作要求其为：${codes.map((c) => STATUS[c] ? STATUS[c][0] : c).join('或')}` : '此操作只能在颁发登记之前进行'}。`,
      `It is ${m[2]} now; to ${m[1]} it, it must be ${m[3]}.`];
  }],
  [/renewal of \S+ is possible from (\S+) until (\S+)/, (m) => [`只能在 ${chinaTime(m[1])} 至 ${chinaTime(m[2])} 之间续展。`, `Renewal is possible only from ${m[1]} until ${m[2]}.`]],
  [/objections (.+) are pending/, (m) => [`有待处理的异议：${m[1]}，须先处理。`, `Objections ${m[1]} are pending: decide them first.`]],
  [/has no substantive review opinion yet/, () => ['尚无实质审查意见，须先由审查机构出具意见。', 'There is no substantive review opinion yet: a reviewer must give one first.']],
  [/the token (expired|is not valid yet)/, () => ['本机时钟与登记系统相差超过一分钟，签发的令牌不被接受：请校准本机时间。',
    'This computer\u2019s clock is more than a minute off the registry\u2019s, so its tokens are refused: set the clock right.']],
  [/s from the ledger's time \S+; at most (\d+) s is allowed/, (m) => [`本机时钟与登记系统相差超过 ${Math.round(m[1] / 60)} 分钟，签名的请求不被接受：请校准本机时间后重试。`,
    `This computer\u2019s clock is more than ${Math.round(m[1] / 60)} minutes off the ledger\u2019s, so its signed requests are refused: set the clock right and try again.`]],
  [/pledged to (\S+)/, (m) => [`此资产已质押给 ${m[1]}，须先解除质押。`, `The asset is pledged to ${m[1]}: the pledge must be released first.`]],
];

/** Plain words for a failure: [Chinese, English, the gateway's detail or null, [zh, en] of why or null]. */
export function explainFailure(error) {
  if (error instanceof Refusal) {
    const type = String(error.problem.type || '').split('/').pop();
    const [zh, en] = PROBLEMS[type] || ['请求未能完成。', 'The request did not succeed.'];
    const detail = error.problem.detail || error.problem.title || '';
    const reason = REASONS.map(([pattern, words]) => [pattern.exec(detail), words]).find(([m]) => m);
    const field = error.problem.field ? `${error.problem.field}: ` : '';
    return [zh, en, `${field}${detail} (HTTP ${error.problem.status})`, reason ? reason[1](reason[0]) : null];
  }
  if (error && error.zh) return [error.zh, error.en, null, null];
  return ['无法连接登记系统。', 'The registry cannot be reached.', String(error && error.message ? error.message : error), null];
}

/** Replaces a box's content with a failure, in plain words; marks it as refused. */
export function showFailure(box, error) {
  const [zh, en, detail, why] = explainFailure(error);
  box.dataset.outcome = 'refused';
  box.className = 'outcome refused';
  box.replaceChildren(el('span', { class: 'words' }, ...bilingual(zh, en)),
    ...(why ? [el('br'), el('span', { class: 'why' }, ...bilingual(...why))] : []),
    ...(detail ? [el('br'), el('span', { class: 'detail' }, detail)] : []));
  box.hidden = false;
}

/** Replaces a box's content with a success message (nodes or text). */
export function showDone(box, ...content) {
  box.dataset.outcome = 'done';
  box.className = 'outcome done';
  box.replaceChildren(...content);
  box.hidden = false;
}

/** A success naming a record (number, marked by attrs) and the status it is now in, as words and a badge. */
export function showRecord(box, number, attrs, [zh, en], table, status) {
  showDone(box, el('span', { ...attrs, 'data-status': status }, ...bilingual(`${number}：${zh}`, `${number}: ${en}`)), ' ', badge(table, status));
}

/** A success on a registration: its number, what was done, and its status now. */
export function showRegistration(box, r, zh, en) {
  showRecord(box, r.regNo, { 'data-reg-no': r.regNo }, [zh, en], STATUS, r.status);
}

/** A button that runs an async action once at a time, its outcome shown in box. */
export function button(zh, en, box, action, attrs = {}) {
  const b = el('button', { type: 'button', ...attrs }, ...bilingual(zh, en));
  b.addEventListener('click', async () => {
    b.disabled = true;
    box.hidden = true;
    // The last outcome is gone until this one's: a reader (or a test) waits for the new one.
    delete box.dataset.outcome;
    try {
      await action();
    } catch (e) {
      showFailure(box, e);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** An empty box for an action's outcome. */
export function outcomeBox() {
  return el('p', { class: 'outcome', role: 'status', hidden: '' });
}

/** A labelled input, select (options from a label table) or textarea. */
export function field(zh, en, name, spec = {}) {
  let input;
  if (spec.options) {
    input = el('select', { name }, ...Object.entries(spec.options).map(([code, [czh, cen]]) => el('option', { value: code }, `${czh} ${cen}`)));
  } else if (spec.rows) {
    input = el('textarea', { name, rows: String(spec.rows) });
  } else {
    input = el('input', { name, type: spec.type || 'text' });
  }
  if (spec.value !== undefined) input.value = spec.value;
  if (spec.placeholder) input.setAttribute('placeholder', spec.placeholder);
  return el('label', {}, ...bilingual(zh, en), input);
}

/** A group of checkboxes, one per code of a label table, those in checked ticked. */
export function choices(zh, en, name, table, checked) {
  return el('fieldset', { 'data-choices': name }, el('legend', {}, ...bilingual(zh, en)),
    ...Object.entries(table).map(([code, [czh, cen]]) => {
      const box = el('input', { type: 'checkbox', value: code, 'data-choice': name });
      box.checked = checked.includes(code);
      return el('label', {}, box, ` ${czh} `, el('span', { lang: 'en' }, cen));
    }));
}

/** The codes ticked in a group of checkboxes made by choices. */
export const ticked = (form, name) => [...form.querySelectorAll(`input[data-choice="${name}"]`)].filter((b) => b.checked).map((b) => b.value);

/** The JSON of a file the user chose, or a refusal in words when it is not JSON. */
export async function jsonFile(file) {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw { zh: `文件 ${file.name} 不是 JSON。`, en: `The file ${file.name} is not JSON.` };
  }
}

/** The values of a form's named inputs. */
export function values(form) {
  const out = {};
  for (const input of form.querySelectorAll('[name]')) out[input.name] = input.type === 'checkbox' ? input.checked : input.value.trim();
  return out;
}

/** The value typed in a form's field, or a refusal in words (Chinese and English) when it is empty. */
export function required(form, name, zh, en) {
  const v = values(form)[name];
  if (!v) throw { zh: `请填写${zh}。`, en: `Fill in the ${en}.` };
  return v;
}

/** A definition list from rows of [Chinese, English, value]. */
export function details(rows) {
  return el('dl', { class: 'details' }, ...rows.flatMap(([zh, en, v]) => [
    el('dt', {}, ...bilingual(zh, en)),
    el('dd', {}, v instanceof Node ? v : v == null || v === '' ? '—' : String(v)),
  ]));
}

/** A link to the console's page of one registration. */
export function registrationLink(regNo) {
  return el('a', { href: `#registration/${encodeURIComponent(regNo)}`, 'data-reg-link': regNo }, regNo);
}

/** A section with a bilingual heading. */
export function section(zh, en, ...children) {
  return el('section', {}, el('h2', {}, ...bilingual(zh, en)), ...children);
}

/** Links to a certificate's public check and its PDF. */
export function certificateLinks(certNo) {
  return el('span', { class: 'certificate', 'data-cert-no': certNo }, `${certNo} `,
    el('a', { href: `verify.html?cert=${encodeURIComponent(certNo)}` }, ...bilingual('查验', 'check')), ' · ',
    el('a', { href: `/api/v1/certificates/${encodeURIComponent(certNo)}/pdf` }, 'PDF'));
}

/** A table of registrations: number (linked), asset, status, registered, certificate. */
export function registrationTable(items, id) {
  return labelled(el('table', { class: 'registrations', ...(id ? { id } : {}) },
    el('thead', {}, el('tr', {}, ...[['登记编号', 'Reg. no.'], ['资产', 'Asset'], ['状态', 'Status'], ['登记时间', 'Registered'], ['证书', 'Certificate']]
      .map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...items.map((r) => el('tr', { 'data-reg-no': r.regNo, 'data-status': r.status },
      el('td', {}, registrationLink(r.regNo)), el('td', {}, r.asset.name), el('td', {}, badge(STATUS, r.status)),
      el('td', {}, chinaTime(r.issuedAt)), el('td', {}, r.certificateNo ? certificateLinks(r.certificateNo) : '—'))))));
}

/** Labels each cell with its column's heading, so that on a phone a row reads as a card (dareg.css). */
export function labelled(table) {
  const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => cell.setAttribute('data-label', headings[i] || ''));
  }
  return table;
}
