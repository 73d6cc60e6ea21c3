#!/usr/bin/env node
// Checks dataport's exports with parsers and validators that know nothing of dataport, offline.
//
//   node check-exports.mjs ical FILE.ics      ical.js parse, typed values, RFC 5545 required properties
//   node check-exports.mjs vcard FILE.vcf     ical.js parse of every card, VERSION/N/FN rules
//   node check-exports.mjs resume FILE.json   @jsonresume/schema's own validate
//   node check-exports.mjs geojson FILE       @placemarkio/check-geojson, plus ranges and [lon, lat]
//   node check-exports.mjs as2 DIR            JSON-LD expansion (safe mode, bundled contexts) of
//                                             outbox.json and actor.json, plus the importer rules
//                                             (Sharkey, GoToSocial slurp, NeoDB)
// Exit code: 0 valid, 1 invalid, 2 usage.
import fs from 'node:fs';
import path from 'node:path';

const [kind, file] = process.argv.slice(2);
const problems = [];
const bad = (what) => problems.push(what);

function lines(text) {
  if (/[^\r]\n/.test(text) || text.startsWith('\n')) bad('a line ends in LF, not CRLF');
  for (const l of text.split('\r\n')) {
    if (Buffer.byteLength(l, 'utf8') > 75) bad(`line longer than 75 octets: ${l.slice(0, 40)}`);
  }
}

async function checkIcal() {
  const ICAL = (await import('ical.js')).default;
  const text = fs.readFileSync(file, 'utf8');
  lines(text);
  const cal = new ICAL.Component(ICAL.parse(text));
  if (cal.name !== 'vcalendar') bad('not a VCALENDAR');
  for (const p of ['prodid', 'version']) {
    if (cal.getAllProperties(p).length !== 1) bad(`VCALENDAR needs exactly one ${p.toUpperCase()}`);
  }
  if (cal.getFirstPropertyValue('version') !== '2.0') bad('VERSION is not 2.0');
  // Zones the file defines: a TZID must name one of them (RFC 5545 3.2.19), and ical.js resolves
  // zoned times through them.
  const zones = new Set();
  for (const vtz of cal.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    if (!tz.tzid || zones.has(tz.tzid)) bad(`VTIMEZONE without TZID or defined twice: ${tz.tzid}`);
    zones.add(tz.tzid);
    ICAL.TimezoneService.register(tz.tzid, tz);
  }
  const events = cal.getAllSubcomponents('vevent');
  const uids = new Set();
  for (const ev of events) {
    const uid = ev.getFirstPropertyValue('uid');
    for (const p of ['uid', 'dtstamp', 'dtstart']) {
      if (ev.getAllProperties(p).length !== 1) bad(`VEVENT ${uid} needs exactly one ${p.toUpperCase()}`);
    }
    if (uids.has(uid)) bad(`duplicate UID ${uid}`);
    uids.add(uid);
    if (ev.hasProperty('dtend') && ev.hasProperty('duration')) bad(`VEVENT ${uid}: DTEND and DURATION`);
    // Forces typed decoding: a malformed date throws here.
    for (const p of ev.getAllProperties()) {
      const v = p.getFirstValue();
      if (v && typeof v.toJSDate === 'function' && Number.isNaN(v.toJSDate().getTime())) bad(`${uid}: bad ${p.name}`);
      if (p.getParameter('tzid') && !zones.has(p.getParameter('tzid'))) bad(`${uid}: TZID without a VTIMEZONE`);
    }
    const s = ev.getFirstPropertyValue('dtstart'), e = ev.getFirstPropertyValue('dtend');
    if (s && e && e.compare(s) < 0) bad(`${uid}: DTEND before DTSTART`);
    if (s && e && s.isDate !== e.isDate) bad(`${uid}: DTSTART and DTEND of different types`);
    if (s && !s.isDate && s.zone && !['UTC', 'floating'].includes(s.zone.tzid) && !zones.has(s.zone.tzid)) bad(`${uid}: DTSTART in an undefined zone`);
    if (ev.hasProperty('rrule')) ev.getFirstPropertyValue('rrule').toString();
  }
  return `${events.length} events`;
}

async function checkVcard() {
  const ICAL = (await import('ical.js')).default;
  const text = fs.readFileSync(file, 'utf8');
  lines(text);
  let parsed = ICAL.parse(text);
  if (typeof parsed[0] === 'string') parsed = [parsed];
  for (const jcard of parsed) {
    const c = new ICAL.Component(jcard);
    if (c.name !== 'vcard') bad('not a VCARD');
    const version = c.getFirstPropertyValue('version');
    if (version !== '3.0' && version !== '4.0') bad(`VERSION ${version}`);
    if (!c.getFirstPropertyValue('fn')) bad('a card without FN');
    if (version === '3.0' && !c.hasProperty('n')) bad('a 3.0 card without N');
    for (const p of c.getAllProperties()) p.getValues();
  }
  return `${parsed.length} cards`;
}

async function checkResume() {
  const {validate} = await import('@jsonresume/schema');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  await new Promise((resolve) => {
    validate(doc, (err, valid) => {
      if (err || !valid) bad('schema: ' + JSON.stringify(err).slice(0, 800));
      resolve();
    });
  });
  return `${Object.keys(doc).length} sections`;
}

async function checkGeojson() {
  const {check} = await import('@placemarkio/check-geojson');
  const text = fs.readFileSync(file, 'utf8');
  try {
    check(text);
  } catch (e) {
    bad('check-geojson: ' + JSON.stringify(e.issues || e.message).slice(0, 800));
  }
  const doc = JSON.parse(text);
  if ('crs' in doc) bad('crs member (removed in RFC 7946)');
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      const [lon, lat] = c;
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) bad(`position out of range: ${c}`);
    } else c.forEach(walk);
  };
  for (const f of doc.features || []) {
    if (!('properties' in f)) bad('feature without properties');
    if (f.geometry) walk(f.geometry.coordinates);
    const t = f.properties && f.properties.coordTimes;
    if (t && f.geometry.type === 'LineString' && t.length !== f.geometry.coordinates.length) bad('coordTimes length');
  }
  return `${(doc.features || []).length} features`;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function checkAs2() {
  const jsonld = (await import('jsonld')).default;
  const {preloadedContexts} = await import('@fedify/vocab-runtime');
  const loader = async (url) => {
    if (url in preloadedContexts) return {contextUrl: null, documentUrl: url, document: preloadedContexts[url]};
    throw new Error(`context not available offline: ${url}`);
  };
  const read = (name) => JSON.parse(fs.readFileSync(path.join(file, name), 'utf8'));
  const outbox = read('outbox.json'), actor = read('actor.json');
  // Terms AS2 does not define expand to "_:term" (its @vocab is "_:"): report them.
  const undefinedTerms = (expanded) => {
    const found = new Set();
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        if (k.startsWith('_:')) found.add(k.slice(2));
        walk(x);
      }
    };
    walk(expanded);
    return [...found].filter((t) => t !== 'bookmarks');  // Mastodon's own actor has it undefined too
  };
  for (const [name, doc] of [['outbox.json', outbox], ['actor.json', actor]]) {
    try {
      const ex = await jsonld.expand(doc, {documentLoader: loader, safe: true, base: 'https://archive.invalid/'});
      const u = undefinedTerms(ex);
      if (u.length) bad(`${name}: terms no context defines: ${u.join(', ')}`);
    } catch (e) {
      bad(`${name}: JSON-LD expansion failed: ${e.message}`.slice(0, 600));
    }
  }
  if (!Array.isArray(actor['@context'])) bad('actor @context is not an array (Sharkey throws)');
  if (outbox.type !== 'OrderedCollection') bad('outbox is not an OrderedCollection');
  if (outbox.totalItems !== outbox.orderedItems.length) bad('totalItems differs from orderedItems');
  const ids = new Set(), basenames = new Map();
  for (const item of outbox.orderedItems) {
    const o = item.object;
    if (item.type !== 'Create' || typeof o !== 'object' || o.type !== 'Note') bad(`${item.id}: not a Create with an embedded Note`);
    for (const k of ['to', 'cc']) if (!Array.isArray(item[k]) || !Array.isArray(o[k])) bad(`${item.id}: ${k} not an array`);
    for (const k of ['attachment', 'tag']) if (!Array.isArray(o[k])) bad(`${item.id}: ${k} not an array`);
    for (const d of [item.published, o.published]) if (!rfc3339.test(d)) bad(`${item.id}: published ${d} is not RFC 3339`);
    if (!/^https?:\/\//.test(o.id) || ids.has(o.id)) bad(`${o.id}: object id missing, relative or repeated`);
    ids.add(o.id);
    if (o.attributedTo !== actor.id || item.actor !== actor.id) bad(`${o.id}: not attributed to the actor`);
    if (typeof o.content !== 'string') bad(`${o.id}: content is not a string`);
    for (const a of o.attachment) {
      if (!fs.existsSync(path.join(file, a.url))) bad(`${o.id}: attachment ${a.url} is not in the archive`);
      const b = path.basename(a.url);
      if (basenames.has(b) && basenames.get(b) !== a.url) bad(`attachment basename ${b} is not unique`);
      basenames.set(b, a.url);
      if (!a.mediaType) bad(`${o.id}: attachment without mediaType`);
    }
  }
  for (const name of ['likes.json', 'bookmarks.json']) {
    const c = read(name);
    if (!Array.isArray(c.orderedItems) || c.orderedItems.some((x) => typeof x !== 'string')) bad(`${name}: items are not URI strings`);
  }
  for (const k of ['icon', 'image']) if (actor[k] && !fs.existsSync(path.join(file, actor[k].url))) bad(`actor ${k} missing`);
  return `${outbox.orderedItems.length} posts`;
}

const checks = {ical: checkIcal, vcard: checkVcard, resume: checkResume, geojson: checkGeojson, as2: checkAs2};
if (!checks[kind] || !file) {
  console.error('usage: check-exports.mjs ical|vcard|resume|geojson|as2 FILE');
  process.exit(2);
}
try {
  const what = await checks[kind]();
  if (problems.length) {
    for (const p of problems) console.log(`  FAIL ${kind} ${file}: ${p}`);
    process.exit(1);
  }
  console.log(`  ok ${kind}: ${what}`);
} catch (e) {
  console.log(`  FAIL ${kind} ${file}: ${e.message}`);
  process.exit(1);
}
