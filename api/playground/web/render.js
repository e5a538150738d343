// DOM building for the playground web chat, shared by app.js. Bot and user text
// only ever becomes text nodes or one of a fixed set of elements built from
// Telegram's entities; links are kept only for http(s) and tg: URLs.
"use strict";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Builds DOM for text + MessageEntity[] (offsets in UTF-16 code units, as JS strings). */
function renderEntities(text, entities) {
  const frag = document.createDocumentFragment();
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(frag, 0, text.length, sorted);
  return frag;

  function build(parent, start, end, list) {
    let pos = start;
    let i = 0;
    while (i < list.length) {
      const e = list[i];
      if (e.offset < pos) { i++; continue; } // overlapping entities: keep the first
      if (e.offset >= end) break;
      if (e.offset > pos) parent.append(document.createTextNode(text.slice(pos, e.offset)));
      const eEnd = Math.min(e.offset + e.length, end);
      const inner = [];
      let j = i + 1;
      while (j < list.length && list[j].offset < eEnd) inner.push(list[j++]);
      const node = elementFor(e, text.slice(e.offset, eEnd));
      build(node, e.offset, eEnd, inner);
      parent.append(node);
      pos = eEnd;
      i = j;
    }
    if (pos < end) parent.append(document.createTextNode(text.slice(pos, end)));
  }
}

const SAFE_URL = /^(https?|tg):/i;
function elementFor(entity, covered) {
  switch (entity.type) {
    case "bold": return el("b");
    case "italic": return el("i");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": return el("pre");
    case "blockquote": case "expandable_blockquote": return el("blockquote");
    case "spoiler": return el("span", { class: "spoiler", onclick: (ev) => ev.currentTarget.classList.add("revealed") });
    case "text_link": return SAFE_URL.test(entity.url || "") ? el("a", { href: entity.url, target: "_blank", rel: "noopener noreferrer" }) : el("span");
    case "url": return /^https?:\/\//i.test(covered) ? el("a", { href: covered, target: "_blank", rel: "noopener noreferrer" }) : el("span");
    case "bot_command": return el("span", { class: "cmd", "data-command": covered });
    default: return el("span");
  }
}

function fileUrl(fileId, download) {
  return `/playground/api/files/${encodeURIComponent(fileId)}${download ? "?download" : ""}`;
}

function docBadge(d) {
  const ext = /\.([a-z0-9]{1,4})$/i.exec(d.file_name || "");
  return ext ? ext[1].toUpperCase() : "FILE";
}
