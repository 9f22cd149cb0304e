// Small DOM helpers shared by the public pages: elements built with textContent only, never HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** Chinese text followed by its English, marked as such. */
export function bilingual(zh, en) {
  return [zh, ' ', el('span', { lang: 'en' }, en)];
}

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** An ISO instant as Beijing time, or a dash when there is none. */
export function chinaTime(instant) {
  if (!instant || instant === 'null') {
    return '—';
  }
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? String(instant) : `${CHINA_TIME.format(t)}（北京时间）`;
}
