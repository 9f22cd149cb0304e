// The console's building blocks: labelled fields, definition lists, and buttons that call the API
// and show what happened, a refusal in plain words first and the gateway's own detail after it.
import { bilingual, chinaTime, el } from './dom.js';
import { STATUS, named } from './labels.js';
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

/** Plain words for a failure: [Chinese, English, the gateway's detail or null]. */
export function explainFailure(error) {
  if (error instanceof Refusal) {
    const type = String(error.problem.type || '').split('/').pop();
    const [zh, en] = PROBLEMS[type] || ['请求未能完成。', 'The request did not succeed.'];
    const field = error.problem.field ? `${error.problem.field}: ` : '';
    return [zh, en, `${field}${error.problem.detail || error.problem.title || ''} (HTTP ${error.problem.status})`];
  }
  if (error && error.zh) return [error.zh, error.en, null];
  return ['无法连接登记系统。', 'The registry cannot be reached.', String(error && error.message ? error.message : error)];
}

/** Replaces a box's content with a failure, in plain words; marks it as refused. */
export function showFailure(box, error) {
  const [zh, en, detail] = explainFailure(error);
  box.dataset.outcome = 'refused';
  box.className = 'outcome refused';
  box.replaceChildren(el('span', { class: 'words' }, ...bilingual(zh, en)), ...(detail ? [el('br'), el('span', { class: 'detail' }, detail)] : []));
  box.hidden = false;
}

/** Replaces a box's content with a success message (nodes or text). */
export function showDone(box, ...content) {
  box.dataset.outcome = 'done';
  box.className = 'outcome done';
  box.replaceChildren(...content);
  box.hidden = false;
}

/** A button that runs an async action once at a time, its outcome shown in box. */
export function button(zh, en, box, action, attrs = {}) {
  const b = el('button', { type: 'button', ...attrs }, ...bilingual(zh, en));
  b.addEventListener('click', async () => {
    b.disabled = true;
    box.hidden = true;
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

/** The values of a form's named inputs. */
export function values(form) {
  const out = {};
  for (const input of form.querySelectorAll('[name]')) out[input.name] = input.type === 'checkbox' ? input.checked : input.value.trim();
  return out;
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
  return el('table', { class: 'registrations', ...(id ? { id } : {}) },
    el('thead', {}, el('tr', {}, ...[['登记编号', 'Reg. no.'], ['资产', 'Asset'], ['状态', 'Status'], ['登记时间', 'Registered'], ['证书', 'Certificate']]
      .map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...items.map((r) => el('tr', { 'data-reg-no': r.regNo, 'data-status': r.status },
      el('td', {}, registrationLink(r.regNo)), el('td', {}, r.asset.name), el('td', {}, named(STATUS, r.status)),
      el('td', {}, chinaTime(r.issuedAt)), el('td', {}, r.certificateNo ? certificateLinks(r.certificateNo) : '—')))));
}
