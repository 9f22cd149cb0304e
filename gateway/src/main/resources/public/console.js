// The signed-in console: sign in with a certificate and key (kept in memory only), ask the gateway
// who that is, and show the pages of that role; #registration/REGNO shows one registration.
import { bilingual, el } from './dom.js';
import { ROLE, named } from './labels.js';
import { signIn } from './session.js';
import { explainFailure } from './ui.js';
import * as accounts from './accounts.js';
import * as admin from './admin.js';
import * as decisions from './decisions.js';
import * as downloads from './downloads.js';
import * as exchange from './exchange.js';
import * as holder from './holder.js';
import * as ledgerops from './ledgerops.js';
import * as objections from './objections.js';
import * as registration from './registration.js';
import * as registries from './registries.js';
import * as registry from './registry.js';
import * as reports from './reports.js';
import * as search from './search.js';
import * as supervision from './supervision.js';
import * as trades from './trades.js';

const $ = (id) => document.getElementById(id);
let session = null;
let who = null;

function status(zh, en) {
  $('status').replaceChildren(...(zh ? bilingual(zh, en) : []));
}

function showError(error) {
  const [zh, en, detail, why] = explainFailure(error);
  status();
  $('error').replaceChildren(...bilingual(zh, en), ...(why ? [el('br'), ...bilingual(...why)] : []),
    ...(detail ? [el('br'), el('span', { class: 'detail' }, detail)] : []));
  $('error').hidden = false;
}

// The documents each role may download (downloads.js; an act: its author, the registry's staff and regulators), and who may object (objections.js).
const DOCUMENTS = {
  HOLDER: ['evidence', 'extract', 'trade', 'act'], REGISTRAR: ['evidence', 'extract', 'act'], REVIEWER: ['evidence', 'extract', 'act'],
  EXCHANGE: ['listing', 'trade', 'act'], REGULATOR: ['evidence', 'extract', 'trade', 'listing', 'act'], ADMIN: ['evidence', 'extract', 'act'],
};
const OBJECTORS = ['HOLDER', 'EXCHANGE', 'REGULATOR'];

/** The duplicate flags of the registrar's own registry (一数多登). */
async function registrarDuplicates() {
  return registries.duplicates(session, registries.registryOf(await session.get('/registries'), who.identity.msp), true);
}

async function home() {
  const parts = [];
  let role = who.role;
  switch (who.role) {
    case 'HOLDER': parts.push(await holder.render(session, who)); break;
    case 'REGISTRAR': parts.push(await registry.render(session, who), await registrarDuplicates(), ...decisions.render(session, true), accounts.accounts(session)); break;
    case 'REVIEWER': parts.push(await registry.render(session, who)); break;
    case 'EXCHANGE': parts.push(await exchange.render(session, who)); break;
    case 'REGULATOR': parts.push(...decisions.render(session, false), reports.render(session), accounts.accountsToSupervise(session),
      ledgerops.render(session, false), supervision.render(session, who)); break;
    default: {
      const registryAdmin = who.orgAdmin ? await admin.render(session, who) : null;
      // Every organisation's admin sees the registries: the first registry's among its other work, another's alone.
      const severalRegistries = who.orgAdmin ? await registries.render(session, who) : null;
      role = registryAdmin ? 'ADMIN' : null;
      parts.push(...(registryAdmin ? [registryAdmin] : []), severalRegistries
        || el('p', { class: 'note' }, ...bilingual('此身份没有登记业务角色；可查询登记。', 'This identity has no registry role here; it may search.')));
    }
  }
  if (['HOLDER', 'EXCHANGE', 'REGULATOR'].includes(who.role)) parts.push(trades.render(session));
  if (OBJECTORS.includes(who.role)) parts.push(...objections.render(session));
  if (DOCUMENTS[role]) parts.push(downloads.render(session, DOCUMENTS[role]));
  parts.push(search.render(session));
  return parts;
}

async function route() {
  if (!session) return;
  const view = $('view');
  const match = /^#registration\/(.+)$/.exec(window.location.hash);
  document.body.dataset.loaded = 'false';
  document.body.dataset.view = match ? 'registration' : 'home';
  $('error').hidden = true;
  status('正在读取…', 'Loading…');
  try {
    view.replaceChildren(...(match ? [await registration.render(session, decodeURIComponent(match[1]))] : await home()));
    status();
  } catch (e) {
    view.replaceChildren();
    showError(e);
  }
  document.body.dataset.loaded = 'true';
}

async function start() {
  $('error').hidden = true;
  const [certificate, key] = [$('certificate-file').files[0], $('key-file').files[0]];
  if (!certificate || !key) {
    showError({ zh: '请选择身份证书（cert.pem）和私钥（key.pem）两个文件。', en: 'Choose both files: the certificate (cert.pem) and the key (key.pem).' });
    return;
  }
  status('正在登录…', 'Signing in…');
  try {
    const candidate = await signIn(await certificate.text(), await key.text());
    who = await candidate.get('/whoami');
    session = candidate;
  } catch (e) {
    showError(e);
    return;
  }
  // The files' contents live on only in the session's closure.
  $('certificate-file').value = '';
  $('key-file').value = '';
  $('sign-in').hidden = true;
  $('identity').replaceChildren(`${who.identity.id}（${who.identity.msp}）`, ' · ',
    el('span', { id: 'role', 'data-role': who.role || (who.orgAdmin ? 'ADMIN' : '') },
      who.role ? named(ROLE, who.role) : who.orgAdmin ? '机构管理员 organisation admin' : '无角色 no role'),
    ...(who.accountId ? [' · ', ...bilingual('账户', 'account'), ` ${who.accountId}`] : []));
  $('who').hidden = false;
  document.body.dataset.signedIn = 'true';
  await route();
}

$('sign-in-button').addEventListener('click', start);
$('sign-out').addEventListener('click', () => {
  session = null;
  who = null;
  window.location.hash = '';
  window.location.reload();
});
window.addEventListener('hashchange', route);
