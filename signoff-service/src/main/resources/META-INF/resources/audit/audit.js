'use strict';
/*
 * The auditor's page: plain JavaScript on signoff-service's /v1/auditor API, which passes each call, with the
 * auditor's own token, to audit-service (which checks the role again and audits every search). Signed in with
 * keycloak-js (authorization code + PKCE). Every text from the server reaches the page through text nodes only.
 */
(() => {
  const { $, el, say } = SignetConsole;
  /** The page to return to after a sign-in: redirect URIs carry no fragment, so the hash waits here. */
  const RETURN = 'signet-audit-return';
  let keycloak;

  /** A call to the auditor API with a fresh token; answers the parsed JSON (or the Response for raw=true). */
  async function api(method, path, { json, raw } = {}) {
    const response = await SignetConsole.request(keycloak, method, path, { json });
    return raw ? response : SignetConsole.json(response);
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && String(value).trim() !== '') search.set(name, String(value).trim());
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  }

  function table(headers, rows, attrs = {}) {
    return el('table', { class: 'compact', ...attrs },
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows));
  }

  function time(instant) {
    return instant ? new Date(instant).toLocaleString() : '';
  }

  function field(label, id, attrs = {}) {
    return el('p', {}, el('label', { for: id }, label), ' ', el('input', { id, name: id, ...attrs }));
  }

  function form(id, fields, submitLabel, onsubmit) {
    return el('form', {
      id,
      onsubmit: (event) => {
        event.preventDefault();
        onsubmit(new FormData(event.target));
      },
    }, fields, el('p', {}, el('button', { type: 'submit', class: 'primary' }, submitLabel)));
  }

  // ------------------------------------------------------------------------------------------------------- trail

  function trailPage() {
    const results = el('div', { id: 'trail-results' });
    let filters = {};
    async function load(after) {
      const page = await api('GET', `/v1/auditor/events${query({ ...filters, after, limit: 50 })}`);
      const rows = page.events.map((stored) => {
        const e = stored.event;
        return el('tr', { 'data-seq': stored.seq },
          el('td', {}, String(stored.seq)), el('td', {}, time(e.occurredAt)), el('td', {}, e.service || ''),
          el('td', {}, e.actor || ''), el('td', {}, e.action), el('td', { class: `outcome-${e.outcome}` }, e.outcome),
          el('td', {}, e.patientRef || ''), el('td', {}, e.purpose || ''), el('td', {}, e.resource || ''));
      });
      if (after === undefined) {
        results.replaceChildren(rows.length === 0 ? el('p', { id: 'trail-empty' }, 'No events match.')
          : table(['Link', 'When', 'Service', 'Who', 'Action', 'Outcome', 'Patient', 'Purpose', 'Object'], rows,
            { id: 'trail-table' }));
      } else {
        results.querySelector('tbody').append(...rows);
      }
      results.querySelector('#trail-more')?.remove();
      if (page.next) {
        results.append(el('p', {}, el('button', { id: 'trail-more', type: 'button', onclick: () => load(page.next)
          .catch((e) => say(e.message, true)) }, 'More')));
      }
      say(`${results.querySelectorAll('tbody tr').length} event(s) shown, oldest first.`);
    }
    return [
      el('h2', { id: 'page-title' }, 'Who touched what'),
      el('p', {}, 'Search by patient (an EHR reference such as Patient/123; its drafts and model calls are included), '
        + 'by user (their identity-provider subject or a client id), by purpose, by action and by time. Every search '
        + 'is itself on the trail.'),
      form('trail-search', [
        field('Patient', 'patient', { placeholder: 'Patient/…' }),
        field('User', 'user'),
        field('Purpose', 'purpose'),
        field('Action', 'action', { placeholder: 'e.g. model.call' }),
        field('From', 'from', { type: 'date' }),
        field('To (inclusive)', 'to', { type: 'date' }),
      ], 'Search', (data) => {
        filters = Object.fromEntries(data.entries());
        load().catch((e) => say(e.message, true));
      }),
      results,
    ];
  }

  // --------------------------------------------------------------------------------------------------- integrity

  function integrityPage() {
    const report = el('div', { id: 'verify-report' });
    async function verify() {
      say('Walking the whole chain…');
      const r = await api('GET', '/v1/auditor/verify');
      const rows = [
        ['State', r.intact ? 'intact' : 'BROKEN'],
        ['Records', String(r.records)],
        ['Head link', `${r.headSeq} (${r.headHash})`],
        ['Signed checkpoints', `${r.checkpoints}${r.lastCheckpointSeq ? `, the last at link ${r.lastCheckpointSeq}` : ''}`],
        ['Verified', `${time(r.verifiedAt)} in ${r.millis} ms`],
      ];
      if (r.firstBreak) {
        rows.push(['First broken link', `${r.firstBreak.seq}: ${r.firstBreak.problem}`]);
        rows.push(['What is wrong', r.firstBreak.detail]);
      }
      report.replaceChildren(el('dl', { id: 'verify-result', class: r.intact ? 'intact' : 'broken' },
        rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])));
      say(r.intact ? 'The trail verifies.' : 'The trail does not verify.', !r.intact);
    }
    const key = el('p', { id: 'checkpoint-key' });
    api('GET', '/v1/auditor/checkpoint-key').then((k) => key.replaceChildren(
      `Checkpoints are signed with ${k.algorithm} key ${k.keyId}; public key (X.509, base64): `,
      el('code', {}, k.publicKey))).catch((e) => say(e.message, true));
    return [
      el('h2', { id: 'page-title' }, 'Has anyone altered the record?'),
      el('p', {}, 'Each record is hash-linked to the one before; the chain head is signed regularly with a key kept '
        + 'outside the database. Verifying walks every link and names the first one that does not hold.'),
      el('p', {}, el('button', { id: 'verify', type: 'button', class: 'primary',
        onclick: () => verify().catch((e) => say(e.message, true)) }, 'Verify the whole trail now')),
      report, key,
    ];
  }

  // ------------------------------------------------------------------------------------------------------ alerts

  async function alertsPage() {
    const alerts = await api('GET', '/v1/auditor/alerts?limit=200');
    say(`${alerts.length} alert(s), newest first.`);
    return [
      el('h2', { id: 'page-title' }, 'Alerts'),
      alerts.length === 0 ? el('p', { id: 'alerts-empty' }, 'No alerts.')
        : table(['Raised', 'Rule', 'Severity', 'About', 'What happened'], alerts.map((a) => el('tr', {},
          el('td', {}, time(a.raisedAt)), el('td', {}, a.rule), el('td', {}, a.severity), el('td', {}, a.subject),
          el('td', {}, a.summary))), { id: 'alerts-table' }),
    ];
  }

  // ------------------------------------------------------------------------------------------------------- rules

  async function rulesPage() {
    const rules = await api('GET', '/v1/auditor/rules');
    say('Thresholds take effect from the next event; each change is on the trail.');
    const rows = rules.map((rule) => {
      const threshold = el('input', { type: 'number', min: '1', value: String(rule.threshold),
        'aria-label': `${rule.id} threshold`, id: `threshold-${rule.id}` });
      const minutes = el('input', { type: 'number', min: '1', value: String(rule.windowMinutes),
        'aria-label': `${rule.id} window in minutes`, id: `window-${rule.id}` });
      const enabled = el('input', { type: 'checkbox', checked: rule.enabled, 'aria-label': `${rule.id} enabled`,
        id: `enabled-${rule.id}` });
      const save = el('button', { type: 'button', id: `save-${rule.id}`, onclick: async () => {
        try {
          const saved = await api('PUT', `/v1/auditor/rules/${encodeURIComponent(rule.id)}`, { json: {
            threshold: Number(threshold.value), windowMinutes: Number(minutes.value), enabled: enabled.checked,
            settings: rule.settings,
          } });
          say(`Saved ${saved.id}: ${saved.threshold} in ${saved.windowMinutes} minutes, `
            + `${saved.enabled ? 'on' : 'off'}.`);
        } catch (e) {
          const fields = (e.problem?.errors || []).map((f) => `${f.field} ${f.message}`).join('; ');
          say(`Not saved: ${fields || e.message}`, true);
        }
      } }, 'Save');
      return el('tr', { 'data-rule': rule.id }, el('th', { scope: 'row' }, rule.id), el('td', {}, rule.description),
        el('td', {}, threshold), el('td', {}, minutes), el('td', {}, enabled), el('td', {}, save));
    });
    return [
      el('h2', { id: 'page-title' }, 'Anomaly rules'),
      table(['Rule', 'What it watches', 'Threshold', 'Window (minutes)', 'On', ''], rows, { id: 'rules-table' }),
    ];
  }

  // ------------------------------------------------------------------------------------------------- disclosures

  function disclosuresPage() {
    const results = el('div', { id: 'disclosure-results' });
    let filters = {};
    async function load() {
      const report = await api('GET', `/v1/auditor/disclosures${query(filters)}`);
      say(`${report.disclosures} disclosure(s) of ${report.patients} patient(s).`);
      results.replaceChildren(report.rows.length === 0 ? el('p', { id: 'disclosures-empty' }, 'None in this window.')
        : table(['When', 'Provider', 'Patient', 'Purpose', 'Chart fields sent', 'BAA', 'Requested by'],
          report.rows.map((d) => el('tr', {}, el('td', {}, time(d.occurredAt)), el('td', {}, d.provider),
            el('td', {}, d.patientRef || ''), el('td', {}, `${d.purpose || ''} v${d.purposeVersion || '?'}`),
            el('td', {}, (d.fields || []).join(', ')), el('td', {}, d.local ? 'local' : d.baa || ''),
            el('td', {}, d.requestedBy || ''))), { id: 'disclosures-table' }),
        el('p', {}, el('button', { id: 'disclosures-csv', type: 'button', onclick: () => download()
          .catch((e) => say(e.message, true)) }, 'Download as CSV')));
    }
    async function download() {
      const response = await api('GET', `/v1/auditor/disclosures${query({ ...filters, format: 'csv' })}`,
        { raw: true });
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: 'disclosures.csv' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return [
      el('h2', { id: 'page-title' }, 'What went to which model provider'),
      el('p', {}, 'The day a provider reports an incident: every model call to it in a window, with the patient, the '
        + 'purpose and the chart fields that were sent.'),
      form('disclosure-search', [
        field('Provider', 'provider', { placeholder: 'any' }),
        field('From', 'from', { type: 'date' }),
        field('To (inclusive)', 'to', { type: 'date' }),
      ], 'Show disclosures', (data) => {
        filters = Object.fromEntries(data.entries());
        load().catch((e) => say(e.message, true));
      }),
      results,
    ];
  }

  // ------------------------------------------------------------------------------------------------------ router

  const PAGES = { trail: trailPage, integrity: integrityPage, alerts: alertsPage, rules: rulesPage,
    disclosures: disclosuresPage };

  async function route() {
    const name = (location.hash.replace(/^#\//, '') || 'trail').split('/')[0];
    const page = PAGES[name] || trailPage;
    for (const tab of document.querySelectorAll('#tabs a')) {
      if (tab.dataset.page === name) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    say('');
    try {
      $('page').replaceChildren(...await page());
    } catch (e) {
      say(e.message, true);
    }
  }

  async function start() {
    keycloak = await SignetConsole.signIn({ returnKey: RETURN, home: '/audit/', role: 'auditor',
      refusal: 'This page is for auditors and privacy officers; your account does not have the auditor role.' });
    if (!keycloak) return;
    window.addEventListener('hashchange', route);
    await route();
  }

  start().catch((e) => say(`Sign-in failed: ${e?.message || e}`, true));
})();
