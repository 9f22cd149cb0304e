// Holder accounts (registrar; the list also regulators) and the role table (registry admin), as the
// API's openAccount, closeAccount, listAccounts, grantRole and removeRole: the credit code goes on the ledger only as its SHA-256;
// members and role holders are named by organisation (MSP) and certificate subject, as the gateway's
// whoami prints them.
import { bilingual, chinaTime, el } from './dom.js';
import { ACCOUNT_KIND, ROLE, named } from './labels.js';
import { sha256 } from './session.js';
import { button, details, field, labelled, outcomeBox, required, section, showDone, values } from './ui.js';

/** "MSP CN=...,OU=..." lines as identities, or a refusal naming the line that is not one. */
export function identities(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((line, i) => {
    const m = /^(\S+)\s+(\S.*)$/.exec(line);
    if (!m) throw { zh: `第 ${i + 1} 行应为“组织标识 证书主体”，如 EnterpriseMSP CN=alice,OU=holder。`, en: `Line ${i + 1} should be 'MSP SUBJECT', e.g. EnterpriseMSP CN=alice,OU=holder.` };
    return { msp: m[1], id: m[2] };
  });
}

function accountDetails(a) {
  return details([
    ['账户', 'Account', el('span', { 'data-account-id': a.accountId }, a.accountId)],
    ['名称', 'Name', a.name],
    ['类型', 'Kind', named(ACCOUNT_KIND, a.kind)],
    ['状态', 'State', a.open ? '正常 open' : `已关闭 closed ${chinaTime(a.closedAt)}`],
    ['成员', 'Members', (a.members || []).map((m) => `${m.msp} ${m.id}`).join('；')],
  ]);
}

/** Every account, open and closed, in number order (listAccounts: the registrar and regulators). */
export function accountList(session) {
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'account-list' });
  form.append(button('列出全部账户', 'List every account', box, async () => {
    shown.replaceChildren();
    const list = await session.get('/accounts');
    const open = list.filter((a) => a.open).length;
    showDone(box, el('span', { 'data-accounts': String(list.length) }, ...bilingual(`共 ${list.length} 个账户，其中 ${open} 个正常。`,
      `${list.length} accounts, ${open} of them open.`)));
    if (!list.length) return;
    shown.append(labelled(el('table', { class: 'registrations', id: 'accounts' },
      el('thead', {}, el('tr', {}, ...[['账户', 'Account'], ['名称', 'Name'], ['类型', 'Kind'], ['状态', 'State'], ['成员', 'Members'], ['开立时间', 'Opened']]
        .map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
      el('tbody', {}, ...list.map((a) => el('tr', { 'data-account-id': a.accountId, 'data-open': String(a.open) },
        el('td', {}, a.accountId), el('td', {}, a.name), el('td', {}, named(ACCOUNT_KIND, a.kind)),
        el('td', {}, a.open ? '正常 open' : `已关闭 closed ${chinaTime(a.closedAt)}`),
        el('td', {}, (a.members || []).map((m) => `${m.msp} ${m.id}`).join('；')), el('td', {}, chinaTime(a.openedAt))))))));
  }, { 'data-action': 'list-accounts' }), box, shown);
  return form;
}

/** The regulator's view of the accounts: the list only. */
export function accountsToSupervise(session) {
  return section('登记主体账户', 'Holder accounts', accountList(session));
}

/** The registrar's accounts: open one, look one up, close one. */
export function accounts(session) {
  const box = outcomeBox();
  const open = el('div', { class: 'form', id: 'open-account' },
    field('名称', 'Name', 'name'),
    field('类型', 'Kind', 'kind', { options: ACCOUNT_KIND }),
    field('统一社会信用代码（只记录其 SHA-256）', 'Unified social credit code (only its SHA-256 is recorded)', 'creditCode'),
    field('成员（每行一个：组织标识 证书主体）', 'Members, one a line: MSP SUBJECT', 'members', { rows: 3, placeholder: 'EnterpriseMSP CN=alice,OU=holder' }));
  open.append(button('开立账户', 'Open the account', box, async () => {
    const v = values(open);
    const members = identities(required(open, 'members', '成员', 'members'));
    const a = await session.post('/accounts', {
      name: required(open, 'name', '名称', 'name'), kind: v.kind, creditCodeHash: await sha256(required(open, 'creditCode', '信用代码', 'credit code')), members,
    });
    showDone(box, ...bilingual(`账户已开立：${a.accountId}`, `Account opened: ${a.accountId}`), accountDetails(a));
  }, { 'data-action': 'open-account' }), box);
  const other = outcomeBox();
  const byId = el('div', { class: 'form', id: 'account' }, field('账户编号', 'Account no.', 'accountId'));
  const path = () => `/accounts/${encodeURIComponent(required(byId, 'accountId', '账户编号', 'account number'))}`;
  byId.append(
    button('查看账户', 'Show the account', other, async () => showDone(other, accountDetails(await session.get(path()))), { 'data-action': 'show-account' }),
    button('关闭账户', 'Close the account', other, async () => {
      const a = await session.post(`${path()}/closure`);
      showDone(other, ...bilingual(`账户 ${a.accountId} 已关闭。`, `Account ${a.accountId} closed.`), accountDetails(a));
    }, { 'data-action': 'close-account' }), other);
  return section('登记主体账户', 'Holder accounts', el('h3', {}, ...bilingual('全部账户', 'Every account')), accountList(session),
    el('h3', {}, ...bilingual('开立账户', 'Open an account')), open,
    el('h3', {}, ...bilingual('查看或关闭账户', 'Show or close an account')), el('p', { class: 'note' }, ...bilingual(
      '仍有未终止登记的账户不能关闭。', 'An account that still holds a live registration cannot be closed.')), byId);
}

function roleRows(session, grants, box) {
  return grants.map((g) => el('tr', { 'data-identity': `${g.identity.msp} ${g.identity.id}`, 'data-role': g.role },
    el('td', {}, g.identity.msp), el('td', {}, g.identity.id), el('td', {}, named(ROLE, g.role)),
    el('td', {}, `${chinaTime(g.grantedAt)}${g.grantedBy ? `，${g.grantedBy.id}` : ''}`),
    el('td', {}, button('移除', 'Remove', box, async () => {
      await session.post('/roles/removal', { identity: g.identity });
      showDone(box, ...bilingual(`已移除 ${g.identity.msp} ${g.identity.id} 的角色；刷新后不再列出。`, `Removed the role of ${g.identity.msp} ${g.identity.id}.`));
    }, { 'data-action': 'remove-role', 'aria-label': `移除 Remove ${g.identity.msp} ${g.identity.id}` }))));
}

/** The registry admin's role table: every entry with its removal, and a form to enter one. */
export async function roleTable(session) {
  const box = outcomeBox();
  const grants = await session.get('/roles');
  const table = grants.length ? labelled(el('table', { class: 'registrations', id: 'roles' },
    el('thead', {}, el('tr', {}, ...[['组织', 'MSP'], ['证书主体', 'Subject'], ['角色', 'Role'], ['登记时间与登记人', 'Granted'], ['操作', 'Action']]
      .map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...roleRows(session, grants, box))))
    : el('p', { class: 'empty', id: 'roles' }, ...bilingual('角色表为空：登记机构组织内的身份按证书的 OU 取得角色。', 'The role table is empty: identities of the registry organisation take their role from their certificate\u2019s OU.'));
  const form = el('div', { class: 'form', id: 'grant-role' },
    field('组织标识', 'Organisation (MSP)', 'msp'),
    field('证书主体', 'Certificate subject', 'id', { placeholder: 'CN=reviewer-2,OU=reviewer' }),
    field('角色', 'Role', 'role', { options: ROLE }));
  form.append(button('登记角色', 'Enter the role', box, async () => {
    const v = values(form);
    const g = await session.post('/roles', { identity: { msp: required(form, 'msp', '组织标识', 'MSP'), id: required(form, 'id', '证书主体', 'subject') }, role: v.role });
    showDone(box, ...bilingual(`已登记：${g.identity.msp} ${g.identity.id} 为${named(ROLE, g.role)}`, `Entered: ${g.identity.msp} ${g.identity.id} as ${g.role}`));
  }, { 'data-action': 'grant-role' }), box);
  return section('角色表', 'Role table', el('p', { class: 'note' }, ...bilingual(
    '其他组织的身份须登记于此才有角色；登记机构的登记员须属于本机构。', 'Identities of other organisations need an entry here to have a role; registrars must belong to the registry.')),
  table, form);
}
