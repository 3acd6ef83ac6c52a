'use strict';
/*
 * The admin console: plain JavaScript on signoff-service's /v1/admin API, which passes each call, with the admin's
 * own token, to the service that owns the configuration (purposes and consent: fhir-adapter; providers:
 * scribe-service; the pseudonymization profile: tokenization-service). Signed in with keycloak-js (authorization code
 * + PKCE). A change that widens what may flow is answered 401 step-up-required (RFC 9470): the console keeps the
 * change, asks Keycloak for a fresh sign-in (max_age=0), and sends it again once. Every text from the server reaches
 * the page through text nodes only.
 */
(() => {
  const { $, el, say, ApiError } = SignetConsole;
  const PENDING = 'signet-admin-pending-change';
  const PENDING_MAX_AGE_MS = 5 * 60 * 1000;
  /** The page to return to after a sign-in: redirect URIs carry no fragment, so the hash waits here. */
  const RETURN = 'signet-admin-return';
  const NOTE_TYPES = {
    '11506-3': 'Progress note', '11488-4': 'Consult note', '34117-2': 'History and physical',
    '18842-5': 'Discharge summary',
  };
  const PURPOSES_OF_USE = ['TREAT', 'ETREAT', 'CAREMGT', 'HOPERAT'];
  const PROVIDER_KINDS = ['openai-compatible', 'anthropic', 'local-gguf', 'extractive'];

  let keycloak;

  /** A call to the admin API with a fresh token. Answers { data, etag, response }; non-2xx throws ApiError. */
  async function api(method, path, { json, ifMatch, raw } = {}) {
    const response = await SignetConsole.request(keycloak, method, path, { json, ifMatch });
    if (raw) return { response, etag: response.headers.get('ETag') };
    return { data: await SignetConsole.json(response), etag: response.headers.get('ETag'), response };
  }

  /**
   * Sends a change; when the owner asks for a fresh sign-in, keeps it, asks the admin to confirm, signs in again
   * and (after the redirect back) sends it once more. {@code done} is the hash to show afterwards.
   */
  async function change(change) {
    try {
      return await api(change.method, change.path, { json: change.json, ifMatch: change.ifMatch });
    } catch (e) {
      if (!e.stepUp) throw e;
      $('step-up-why').textContent = e.message;
      $('step-up-dialog').returnValue = '';
      $('step-up-dialog').showModal();
      const confirmed = await new Promise((resolve) => {
        $('step-up-dialog').addEventListener('close', () => resolve($('step-up-dialog').returnValue === 'confirm'),
          { once: true });
      });
      if (!confirmed) throw new ApiError(401, { detail: 'Not saved: a fresh sign-in is needed for this change.' });
      sessionStorage.setItem(PENDING, JSON.stringify({ ...change, keptAt: Date.now() }));
      sessionStorage.setItem(RETURN, change.done || location.hash);
      // prompt=login: Keycloak asks for the password even within its session, and renews auth_time
      await keycloak.login({ prompt: 'login', redirectUri: `${location.origin}/admin/` });
      throw new ApiError(401, { detail: 'Signing in again…' });
    }
  }

  /** After the fresh sign-in: the kept change, sent once; it is dropped whatever the answer. */
  async function replayPendingChange() {
    const kept = sessionStorage.getItem(PENDING);
    if (!kept) return;
    sessionStorage.removeItem(PENDING);
    const pending = JSON.parse(kept);
    // a change kept for a sign-in that was abandoned is not sent when the console is opened again later
    if (!(Date.now() - pending.keptAt < PENDING_MAX_AGE_MS)) {
      sessionStorage.setItem('signet-admin-notice', `Not saved (${pending.what}): the sign-in was not completed.`);
      return;
    }
    try {
      await api(pending.method, pending.path, { json: pending.json, ifMatch: pending.ifMatch });
      sessionStorage.setItem('signet-admin-notice', `Saved after your fresh sign-in: ${pending.what}.`);
    } catch (e) {
      sessionStorage.setItem('signet-admin-notice', `Not saved (${e.message})`);
    }
  }

  function fail(e) {
    say(e.message || String(e), true);
  }

  function heading(text) {
    return el('h2', { id: 'page-title' }, text);
  }

  function table(headers, rows, attrs = {}) {
    return el('table', { class: 'compact', ...attrs },
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows));
  }

  function date(instant) {
    return instant ? new Date(instant).toISOString().replace('T', ' ').substring(0, 16) + ' UTC' : '';
  }

  function list(values) {
    return (values || []).join(', ');
  }

  // --- routing: #/purposes, #/purposes/<id>, #/purposes/<id>/edit, #/purposes/new, #/consent, #/providers,
  //     #/providers/<id>, #/providers/new, #/retention, #/data-flow, #/quality

  async function route() {
    const parts = (location.hash.replace(/^#\/?/, '') || 'purposes').split('/').map(decodeURIComponent);
    for (const tab of document.querySelectorAll('#tabs a')) {
      if (tab.dataset.page === parts[0]) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    const notice = sessionStorage.getItem('signet-admin-notice');
    sessionStorage.removeItem('signet-admin-notice');
    say(notice || '', notice !== null && notice.startsWith('Not saved'));
    const page = $('page');
    page.replaceChildren();
    try {
      switch (parts[0]) {
        case 'purposes':
          if (parts[1] === 'new') return await purposeEditor(page, null);
          if (parts[1] && parts[2] === 'edit') return await purposeEditor(page, parts[1]);
          if (parts[1]) return await purposeDetail(page, parts[1]);
          return await purposeList(page);
        case 'consent': return consentPage(page);
        case 'providers':
          if (parts[1]) return await providerEditor(page, parts[1] === 'new' ? null : parts[1]);
          return await providerList(page);
        case 'retention': return await retentionPage(page);
        case 'data-flow': return await dataFlowPage(page);
        case 'quality': return await qualityPage(page);
        default: return await purposeList(page);
      }
    } catch (e) {
      fail(e);
    }
    return undefined;
  }

  // --- purposes ---

  async function purposeList(page) {
    const { data } = await api('GET', '/v1/admin/purposes');
    page.append(el('div', { class: 'bar' }, heading('Purposes'),
      el('a', { class: 'button', href: '#/purposes/new' }, 'New purpose')),
    el('p', { class: 'muted' }, 'What each kind of note may read from the EHR (minimum necessary). Every change is '
      + 'a new version; drafts name the version they were read under.'),
    table(['Purpose', 'Version', 'Name', 'Use', 'State', 'Saved'], data.map((p) => el('tr', { 'data-purpose': p.id },
      el('td', {}, el('a', { href: `#/purposes/${encodeURIComponent(p.id)}` }, p.id)), el('td', {}, `v${p.version}`),
      el('td', {}, p.displayName), el('td', {}, p.purposeOfUse), el('td', {}, p.active ? 'active' : 'deactivated'),
      el('td', {}, date(p.createdAt))))));
  }

  /** A version's comparable fields, by label, in a stable order. */
  function fieldsOf(p) {
    const fields = new Map([
      ['Name', p.displayName], ['Purpose of use', p.purposeOfUse], ['Active', p.active ? 'yes' : 'no'],
      ['Note types', (p.definition.noteTypes || []).map((t) => NOTE_TYPES[t] || t).join(', ')],
      ['Allowed providers', list(p.definition.modelProviders)],
    ]);
    const seen = {};
    for (const rule of p.definition.resourceRules || []) {
      seen[rule.type] = (seen[rule.type] || 0) + 1;
      const name = seen[rule.type] > 1 ? `${rule.type} (${seen[rule.type]})` : rule.type;
      fields.set(`${name}: elements`, list(rule.elements));
      fields.set(`${name}: look-back`, rule.lookbackDays ? `${rule.lookbackDays} days` : 'no limit');
      fields.set(`${name}: at most`, String(rule.maxCount));
      fields.set(`${name}: filters`, Object.entries(rule.search || {}).map(([k, v]) => `${k}=${v}`).join(', '));
      if (rule.encounterOnly) fields.set(`${name}: this encounter only`, 'yes');
    }
    const retention = p.definition.retention || {};
    const days = (n) => (n ? `${n} days` : 'default');
    fields.set('Retention: awaiting review', days(retention.reviewDays));
    fields.set('Retention: vault', days(retention.vaultDays));
    fields.set('Retention: finished draft job', days(retention.jobDays));
    return fields;
  }

  function diffTable(a, b) {
    const left = fieldsOf(a);
    const right = fieldsOf(b);
    const labels = [...new Set([...left.keys(), ...right.keys()])];
    return table(['Field', `Version ${a.version}`, `Version ${b.version}`, ''], labels.map((label) => {
      const x = left.has(label) ? left.get(label) : '(none)';
      const y = right.has(label) ? right.get(label) : '(none)';
      const changed = x !== y;
      return el('tr', { class: changed ? 'changed' : null, 'data-field': label },
        el('th', { scope: 'row' }, label), el('td', {}, x), el('td', {}, y),
        el('td', {}, changed ? el('span', { class: 'mark' }, 'changed') : ''));
    }), { id: 'purpose-diff' });
  }

  async function purposeDetail(page, id) {
    const [{ data: latest, etag }, { data: versions }] = await Promise.all([
      api('GET', `/v1/admin/purposes/${encodeURIComponent(id)}`),
      api('GET', `/v1/admin/purposes/${encodeURIComponent(id)}/versions`)]);
    const diff = el('div', { id: 'diff-area' });
    const pick = (name, checkedVersion) => (v) => el('input', {
      type: 'radio', name, value: String(v.version), 'aria-label': `${name === 'a' ? 'Left' : 'Right'}: version ${v.version}`,
      checked: v.version === checkedVersion,
    });
    const leftDefault = versions.length > 1 ? versions[versions.length - 2].version : latest.version;
    const form = el('form', { id: 'compare-form' },
      table(['Version', 'Saved', 'By', 'Why', 'State', 'Left', 'Right'], versions.map((v) => el('tr', {},
        el('td', {}, `v${v.version}`), el('td', {}, date(v.createdAt)), el('td', {}, v.createdByName || v.createdBy || ''),
        el('td', {}, v.changeNote || ''), el('td', {}, v.active ? 'active' : 'deactivated'),
        el('td', {}, pick('a', leftDefault)(v)), el('td', {}, pick('b', latest.version)(v)))), { id: 'versions' }),
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'compare' }, 'Compare side by side')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const a = versions.find((v) => String(v.version) === form.elements.a.value);
      const b = versions.find((v) => String(v.version) === form.elements.b.value);
      diff.replaceChildren(el('h3', {}, `Version ${a.version} and version ${b.version}`), diffTable(a, b));
    });
    const deactivate = el('button', { type: 'button', class: 'danger', id: 'deactivate', disabled: !latest.active },
      'Deactivate…');
    deactivate.addEventListener('click', async () => {
      const reason = await askReason(`Deactivate ${id}`);
      if (reason === null) return;
      try {
        await change({ method: 'POST', path: `/v1/admin/purposes/${encodeURIComponent(id)}/deactivate`,
          json: { changeNote: reason }, ifMatch: etag, what: `${id} deactivated`, done: `#/purposes/${id}` });
        await route();
        say(`${id} deactivated.`);
      } catch (e) { fail(e); }
    });
    page.append(el('p', {}, el('a', { href: '#/purposes' }, '← All purposes')),
      el('div', { class: 'bar' }, heading(`${latest.displayName} (${id})`),
        el('a', { class: 'button', href: `#/purposes/${encodeURIComponent(id)}/edit`, id: 'edit-copy' },
          `Edit a copy of v${latest.version}`), deactivate),
      el('h3', {}, 'Versions'), form, diff);
    form.requestSubmit();
  }

  /** The editor: a copy of the latest version (or a blank purpose); saving makes the next version. */
  async function purposeEditor(page, id) {
    let base = { id: '', displayName: '', purposeOfUse: 'TREAT', active: true,
      definition: { noteTypes: ['11506-3'], modelProviders: ['extractive'], resourceRules: [
        { type: 'Patient', elements: ['gender', 'birthDate'], maxCount: 1 }] } };
    let etag = null;
    if (id) ({ data: base, etag } = await api('GET', `/v1/admin/purposes/${encodeURIComponent(id)}`));
    const rules = el('div', { id: 'rules' });
    const form = el('form', { id: 'purpose-form', novalidate: true },
      el('div', { class: 'grid' },
        field('Purpose id', el('input', { id: 'f-id', 'data-field': 'id', value: base.id, readonly: !!id,
          required: true, pattern: '[a-z0-9][a-z0-9-]{0,62}' })),
        field('Name', el('input', { id: 'f-displayName', 'data-field': 'displayName', value: base.displayName,
          required: true })),
        field('Purpose of use', el('select', { id: 'f-purposeOfUse', 'data-field': 'purposeOfUse' },
          PURPOSES_OF_USE.map((u) => el('option', { value: u, selected: u === base.purposeOfUse }, u)))),
        field('Allowed model providers (comma-separated ids)', el('input', { id: 'f-modelProviders',
          'data-field': 'definition.modelProviders', value: list(base.definition.modelProviders) }))),
      el('fieldset', { 'data-field': 'definition.noteTypes' }, el('legend', {}, 'Note types'),
        Object.entries(NOTE_TYPES).map(([code, name]) => el('label', { class: 'check' },
          el('input', { type: 'checkbox', name: 'noteType', value: code,
            checked: base.definition.noteTypes.includes(code) }), `${name} (${code})`))),
      el('fieldset', { 'data-field': 'definition.retention' }, el('legend', {}, 'Retention (days; empty: the default)'),
        el('div', { class: 'grid' },
          field('A draft may await review', el('input', { id: 'f-reviewDays', type: 'number', min: 1, max: 3650,
            'data-field': 'definition.retention.reviewDays', value: base.definition.retention?.reviewDays ?? '' })),
          field('Its vault is kept (crypto-shred after)', el('input', { id: 'f-vaultDays', type: 'number', min: 1,
            max: 3650, 'data-field': 'definition.retention.vaultDays',
            value: base.definition.retention?.vaultDays ?? '' })),
          field('A finished draft job is kept', el('input', { id: 'f-jobDays', type: 'number', min: 1, max: 3650,
            'data-field': 'definition.retention.jobDays', value: base.definition.retention?.jobDays ?? '' })))),
      el('h3', {}, 'What it reads'), rules,
      el('button', { type: 'button', id: 'add-rule', onclick: () => rules.append(ruleFieldset({ maxCount: 10 })) },
        'Add a resource type'),
      el('div', { class: 'wide' }, field('Why this version (required, no patient data)',
        el('textarea', { id: 'f-changeNote', 'data-field': 'changeNote', rows: 2, maxlength: 500, required: true }))),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'save-purpose' },
        id ? `Save as version ${base.version + 1}` : 'Create purpose'),
      el('a', { href: id ? `#/purposes/${encodeURIComponent(id)}` : '#/purposes', class: 'button' }, 'Cancel')));
    for (const rule of base.definition.resourceRules) rules.append(ruleFieldset(rule));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const body = readPurpose(form, id);
      const target = id || body.id;
      try {
        await change({ method: id ? 'PUT' : 'POST', path: id ? `/v1/admin/purposes/${encodeURIComponent(id)}`
          : '/v1/admin/purposes', json: body, ifMatch: etag, what: `purpose ${target}`,
        done: `#/purposes/${encodeURIComponent(target)}` });
        sessionStorage.setItem('signet-admin-notice', `Saved ${target}.`);
        location.hash = `#/purposes/${encodeURIComponent(target)}`;
      } catch (e) {
        showFieldErrors(form, e);
      }
    });
    page.append(el('p', {}, el('a', { href: '#/purposes' }, '← All purposes')),
      heading(id ? `New version of ${id} (editing a copy of v${base.version})` : 'New purpose'), form);
  }

  function field(label, input) {
    const id = input.id || `f-${Math.random().toString(36).substring(2)}`;
    input.id = id;
    return el('div', {}, el('label', { for: id }, label), input);
  }

  function ruleFieldset(rule) {
    const box = el('fieldset', { class: 'rule' }, el('legend', {}, rule.type || 'New resource type'),
      el('div', { class: 'grid' },
        field('Resource type', el('input', { name: 'type', value: rule.type || '', 'data-rule-field': 'type' })),
        field('Elements (comma-separated)', el('input', { name: 'elements', value: list(rule.elements),
          'data-rule-field': 'elements' })),
        field('Look-back (days, empty: no limit)', el('input', { name: 'lookbackDays', type: 'number', min: 1,
          value: rule.lookbackDays ?? '', 'data-rule-field': 'lookbackDays' })),
        field('At most (resources)', el('input', { name: 'maxCount', type: 'number', min: 1, max: 1000,
          value: rule.maxCount ?? 1, 'data-rule-field': 'maxCount' })),
        field('Filters (name=value, comma-separated)', el('input', { name: 'search', 'data-rule-field': 'search',
          value: Object.entries(rule.search || {}).map(([k, v]) => `${k}=${v}`).join(', ') }))),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'encounterOnly',
        'data-rule-field': 'encounterOnly', checked: !!rule.encounterOnly }), 'Only the encounter of the request'),
      el('button', { type: 'button', class: 'danger', onclick: () => box.remove() }, 'Remove'));
    return box;
  }

  function readPurpose(form, id) {
    const rules = [...form.querySelectorAll('fieldset.rule')].map((box) => {
      const value = (name) => box.querySelector(`[name="${name}"]`).value.trim();
      const search = {};
      for (const pair of value('search').split(',').map((s) => s.trim()).filter(Boolean)) {
        const eq = pair.indexOf('=');
        search[eq < 0 ? pair : pair.substring(0, eq).trim()] = eq < 0 ? '' : pair.substring(eq + 1).trim();
      }
      return {
        type: value('type'), elements: value('elements').split(',').map((s) => s.trim()).filter(Boolean),
        lookbackDays: value('lookbackDays') ? Number(value('lookbackDays')) : null,
        maxCount: Number(value('maxCount') || 0), search,
        encounterOnly: box.querySelector('[name="encounterOnly"]').checked || null,
      };
    });
    return {
      id: id || $('f-id').value.trim(), displayName: $('f-displayName').value.trim(),
      purposeOfUse: $('f-purposeOfUse').value, changeNote: $('f-changeNote').value.trim(),
      definition: {
        noteTypes: [...form.querySelectorAll('[name="noteType"]:checked')].map((c) => c.value),
        modelProviders: $('f-modelProviders').value.split(',').map((s) => s.trim()).filter(Boolean),
        resourceRules: rules,
        retention: retentionOf(),
      },
    };
  }

  /** The editor's retention, each part a number of days or null (the default); null when none is set. */
  function retentionOf() {
    const days = (id) => ($(id).value.trim() ? Number($(id).value) : null);
    const retention = { reviewDays: days('f-reviewDays'), vaultDays: days('f-vaultDays'), jobDays: days('f-jobDays') };
    return Object.values(retention).some((d) => d !== null) ? retention : null;
  }

  /** Field paths of a rule's inputs: definition.resourceRules[i].<name>. */
  function fieldTarget(form, path) {
    const rule = /^definition\.resourceRules\[(\d+)\](?:\.([A-Za-z]+))?/.exec(path);
    if (rule) {
      const box = form.querySelectorAll('fieldset.rule')[Number(rule[1])];
      if (!box) return form.querySelector('#rules');
      return box.querySelector(`[data-rule-field="${rule[2] || 'type'}"]`) || box;
    }
    let candidate = path;
    while (candidate) {
      const found = form.querySelector(`[data-field="${CSS.escape(candidate)}"]`);
      if (found) return found;
      candidate = candidate.includes('.') ? candidate.substring(0, candidate.lastIndexOf('.')) : '';
    }
    return null;
  }

  function clearFieldErrors(form) {
    for (const node of form.querySelectorAll('.field-error')) node.remove();
    for (const node of form.querySelectorAll('[aria-invalid]')) {
      node.removeAttribute('aria-invalid');
      node.removeAttribute('aria-describedby');
    }
  }

  /** 422 problems name each field: the message goes next to it; anything else goes to the status line. */
  function showFieldErrors(form, e) {
    const errors = e.problem?.errors || [];
    let placed = 0;
    errors.forEach((error, i) => {
      const target = fieldTarget(form, error.field);
      if (!target) return;
      const id = `error-${i}`;
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', id);
      target.after(el('p', { class: 'field-error', id, 'data-error-for': error.field },
        `${error.field}: ${error.message}`));
      placed += 1;
    });
    if (e.status === 412) {
      say(`${e.message}`, true);
    } else {
      say(placed ? `Not saved: ${placed} field${placed > 1 ? 's need' : ' needs'} attention.` : e.message, true);
    }
    const first = form.querySelector('[aria-invalid="true"]');
    if (first && typeof first.focus === 'function') first.focus();
  }

  function askReason(title) {
    $('reason-title').textContent = title;
    $('reason-text').value = '';
    $('reason-dialog').showModal();
    return new Promise((resolve) => {
      const done = (value) => {
        $('reason-dialog').close();
        $('reason-form').removeEventListener('submit', onSubmit);
        $('reason-cancel').removeEventListener('click', onCancel);
        resolve(value);
      };
      const onSubmit = (event) => {
        event.preventDefault();
        const text = $('reason-text').value.trim();
        if (text) done(text);
      };
      const onCancel = () => done(null);
      $('reason-form').addEventListener('submit', onSubmit);
      $('reason-cancel').addEventListener('click', onCancel);
    });
  }

  // --- consent ---

  function consentPage(page) {
    const result = el('div', { id: 'consent-result' });
    const form = el('form', { id: 'consent-form' },
      el('fieldset', { class: 'inline' }, el('legend', {}, 'Find the patient by'),
        el('label', {}, el('input', { type: 'radio', name: 'by', value: 'identifier', checked: true }),
          ' EHR identifier (MRN)'),
        el('label', {}, el('input', { type: 'radio', name: 'by', value: 'id' }), ' FHIR Patient id')),
      el('label', { for: 'consent-query' }, 'Exact value'),
      el('input', { id: 'consent-query', required: true, maxlength: 128, autocomplete: 'off' }),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Find')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const by = form.elements.by.value;
      await showConsent(result, `${by}=${encodeURIComponent($('consent-query').value.trim())}`);
    });
    page.append(heading('Consent to AI drafting'),
      el('p', { class: 'muted' }, 'A patient is named only after an exact identifier match, and every lookup is '
        + 'audited.'), form, result);
  }

  async function showConsent(result, query) {
    say('');
    result.replaceChildren();
    let found;
    try {
      ({ data: found } = await api('GET', `/v1/admin/consent/patients?${query}`));
    } catch (e) {
      fail(e.status === 404 ? new Error('No patient has exactly this identifier.') : e);
      return;
    }
    const optOutForm = el('form', { id: 'opt-out-form' },
      el('fieldset', {}, el('legend', {}, 'Opt out of AI drafting'),
        el('label', { class: 'check' }, el('input', { type: 'radio', name: 'scope', value: 'ALL', checked: true }),
          'All purposes'),
        el('label', { class: 'check' }, el('input', { type: 'radio', name: 'scope', value: 'PURPOSES' }),
          'Only these purposes:'),
        found.decisions.map((d) => el('label', { class: 'check' },
          el('input', { type: 'checkbox', name: 'purpose', value: d.purpose }), `${d.displayName} (${d.purpose})`)),
        el('label', { for: 'opt-out-reason' }, 'Reason (as the patient gave it)'),
        el('textarea', { id: 'opt-out-reason', rows: 2, maxlength: 1000, required: true }),
        el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'danger', id: 'opt-out' },
          'Record the opt-out'))));
    optOutForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const scope = optOutForm.elements.scope.value;
      try {
        await change({ method: 'POST', path: '/v1/admin/consent/opt-outs', what: 'the opt-out', json: {
          patient: found.patient, scope, reason: $('opt-out-reason').value.trim(),
          purposes: scope === 'ALL' ? [] : [...optOutForm.querySelectorAll('[name="purpose"]:checked')]
            .map((c) => c.value) } });
        await showConsent(result, `id=${encodeURIComponent(found.patient.replace('Patient/', ''))}`);
        say('Opt-out recorded.');
      } catch (e) { fail(e); }
    });
    result.append(el('h3', { id: 'consent-patient' }, `${found.name || '(no name on record)'} — ${found.patient}`),
      el('h4', {}, 'Effective decision for AI drafting'),
      table(['Purpose', 'Decision'], found.decisions.map((d) => el('tr', { 'data-purpose': d.purpose },
        el('td', {}, `${d.displayName} (${d.purpose})`),
        el('td', {}, d.allowed ? el('span', { class: 'ok' }, 'Allowed')
          : el('span', { class: 'refused' }, `Refused (${d.source === 'registry' ? 'consent registry'
            : 'EHR Consent'})`)))), { id: 'consent-decisions' }),
      el('h4', {}, 'Consent registry (Signet)'),
      found.registry.length === 0 ? el('p', {}, 'No entries.')
        : table(['Recorded', 'Scope', 'Reason', 'Status', ''], found.registry.map((o) => el('tr', {},
          el('td', {}, date(o.recordedAt)), el('td', {}, o.scope === 'ALL' ? 'all purposes' : list(o.purposes)),
          el('td', {}, o.reason || ''),
          el('td', {}, o.revokedAt ? `opted back in ${date(o.revokedAt)}: ${o.revokeReason || ''}` : 'in force'),
          el('td', {}, o.revokedAt ? '' : el('button', { type: 'button', class: 'opt-in', onclick: async () => {
            const reason = await askReason('Opt the patient back in');
            if (reason === null) return;
            try {
              await change({ method: 'POST', path: `/v1/admin/consent/opt-outs/${o.id}/revoke`,
                json: { reason }, what: 'the opt-in' });
              await showConsent(result, `id=${encodeURIComponent(found.patient.replace('Patient/', ''))}`);
              say('Opted back in.');
            } catch (e) { fail(e); }
          } }, 'Opt back in…')))), { id: 'consent-registry' }),
      el('h4', {}, 'Consent resources in the EHR (active)'),
      found.ehr.length === 0 ? el('p', {}, 'None.')
        : table(['Consent', 'Provision', 'Purposes', 'Period'], found.ehr.map((c) => el('tr', {},
          el('td', {}, c.id), el('td', {}, c.provision || ''), el('td', {}, list(c.purposes)),
          el('td', {}, `${date(c.start)} – ${date(c.end)}`))), { id: 'consent-ehr' }),
      optOutForm);
  }

  // --- model providers ---

  async function providerList(page) {
    const { data } = await api('GET', '/v1/admin/providers');
    page.append(el('div', { class: 'bar' }, heading('Model providers'),
      el('a', { class: 'button', href: '#/providers/new' }, 'Register a provider')),
    el('p', { class: 'muted' }, 'A provider outside the hospital receives pseudonymized prompts only, and only while '
      + 'a Business Associate Agreement is in force.'),
    table(['Provider', 'Kind', 'Model', 'Where', 'Enabled', 'BAA', ''], data.map((p) => el('tr', { 'data-provider': p.id },
      el('td', {}, el('a', { href: `#/providers/${encodeURIComponent(p.id)}` }, p.id)), el('td', {}, p.kind),
      el('td', {}, `${p.model} ${p.modelVersion}`), el('td', {}, p.local ? 'local' : 'remote'),
      el('td', {}, p.enabled ? 'yes' : 'no'),
      el('td', {}, p.baaReference ? `${p.baaReference}${p.baaCounterparty ? ` with ${p.baaCounterparty}` : ''}, `
        + `${p.baaEffective || '?'} – ${p.baaExpires || 'open'}` : (p.local ? 'not needed' : 'none')),
      el('td', {}, p.baaWarning ? el('span', { class: 'warning' }, p.baaWarning) : '')))));
  }

  async function providerEditor(page, id) {
    let p = { id: '', kind: 'openai-compatible', endpoint: '', model: '', modelVersion: '', baaCounterparty: '',
      baaReference: '', baaEffective: '', baaExpires: '', noTraining: false, telemetryOff: false, retentionDays: 0,
      enabled: false };
    let etag = null;
    if (id) ({ data: p, etag } = await api('GET', `/v1/admin/providers/${encodeURIComponent(id)}`));
    const input = (name, attrs = {}) => el('input', { id: `p-${name}`, 'data-field': name, value: p[name] ?? '',
      ...attrs });
    const check = (name, label) => el('label', { class: 'check' }, el('input', { type: 'checkbox', id: `p-${name}`,
      'data-field': name, checked: !!p[name] }), label);
    const form = el('form', { id: 'provider-form', novalidate: true },
      p.baaWarning ? el('p', { class: 'warning', id: 'baa-warning' }, p.baaWarning) : null,
      el('div', { class: 'grid' },
        field('Provider id', input('id', { readonly: !!id, required: true })),
        field('Kind', el('select', { id: 'p-kind', 'data-field': 'kind' },
          PROVIDER_KINDS.map((k) => el('option', { value: k, selected: k === p.kind }, k)))),
        field('Endpoint (URL; for local-gguf the model file)', input('endpoint')),
        field('Model', input('model')), field('Model version', input('modelVersion'))),
      el('fieldset', {}, el('legend', {}, 'Business Associate Agreement (required for a remote provider)'),
        el('div', { class: 'grid' },
          field('Counterparty', input('baaCounterparty')), field('Reference', input('baaReference')),
          field('Signed / in force from', input('baaEffective', { type: 'date' })),
          field('Expires', input('baaExpires', { type: 'date' }))),
        check('noTraining', 'The vendor does not train on our data (confirmed)'),
        check('telemetryOff', 'Vendor telemetry is off (confirmed)'),
        el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'p-zeroRetention',
          checked: p.retentionDays === 0 }), 'Zero data retention (confirmed)')),
      check('enabled', 'Enabled: may receive pseudonymized prompts'),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'save-provider' },
        id ? 'Save' : 'Register'), el('a', { href: '#/providers', class: 'button' }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const value = (name) => $(`p-${name}`).value.trim() || null;
      const body = {
        id: id || value('id'), kind: $('p-kind').value, endpoint: value('endpoint'), model: value('model'),
        modelVersion: value('modelVersion'), baaCounterparty: value('baaCounterparty'),
        baaReference: value('baaReference'), baaEffective: value('baaEffective'), baaExpires: value('baaExpires'),
        noTraining: $('p-noTraining').checked, telemetryOff: $('p-telemetryOff').checked,
        retentionDays: $('p-zeroRetention').checked ? 0 : (p.retentionDays || null),
        enabled: $('p-enabled').checked,
      };
      try {
        await change({ method: id ? 'PUT' : 'POST', path: id ? `/v1/admin/providers/${encodeURIComponent(id)}`
          : '/v1/admin/providers', json: body, ifMatch: etag, what: `provider ${body.id}`, done: '#/providers' });
        sessionStorage.setItem('signet-admin-notice', `Saved provider ${body.id}.`);
        location.hash = '#/providers';
      } catch (e) {
        showFieldErrors(form, e);
      }
    });
    page.append(el('p', {}, el('a', { href: '#/providers' }, '← All providers')),
      heading(id ? `Provider ${id}` : 'Register a model provider'), form);
  }

  // --- retention ---

  async function retentionPage(page) {
    const [{ data }, { data: purposes }] = await Promise.all([api('GET', '/v1/admin/retention'),
      api('GET', '/v1/admin/purposes')]);
    const kept = (service, words) => data.find((r) => r.service === service && r.data.includes(words))?.keptFor;
    const defaults = { reviewDays: period(kept('signoff-service', 'awaiting review')),
      vaultDays: period(kept('scribe-service', 'vault')), jobDays: period(kept('scribe-service', 'draft jobs')) };
    const cell = (retention, part) => (retention?.[part] ? `${retention[part]} days`
      : `${defaults[part]} (default)`);
    page.append(heading('Retention'),
      el('p', { class: 'muted' }, 'How long each purpose\'s drafts leave traces (set in the purpose; empty parts '
        + 'take the service\'s default), and what each service\'s purge removed.'),
      table(['Purpose', 'A draft may await review', 'Its vault is kept (then crypto-shredded)',
        'A finished draft job is kept'], purposes.filter((p) => p.active).map((p) => el('tr', { 'data-purpose': p.id },
        el('td', {}, el('a', { href: `#/purposes/${encodeURIComponent(p.id)}` }, `${p.id} v${p.version}`)),
        el('td', {}, cell(p.definition.retention, 'reviewDays')), el('td', {}, cell(p.definition.retention,
          'vaultDays')), el('td', {}, cell(p.definition.retention, 'jobDays')))), { id: 'retention-purposes' }),
      el('h3', {}, 'Purges'),
      table(['Data', 'Held by', 'Kept for', 'Purge runs every', 'Next run', 'Last run', 'Last purges (removed)'],
        data.map((r) => el('tr', {}, el('td', {}, r.data), el('td', {}, r.service), el('td', {}, period(r.keptFor)),
          el('td', {}, r.every || '—'), el('td', {}, date(r.nextRun) || '—'), el('td', {}, date(r.lastRun) || '—'),
          el('td', {}, (r.lastPurges || []).map((p) => `${date(p.at)}: ${p.removed}`).join('; ')
            || 'none removed yet'))), { id: 'retention-table' }));
  }

  /** An ISO-8601 duration (P14D, PT720H) in days where it is whole days; any other text as it is. */
  function period(text) {
    const days = /^P(\d+)D$/.exec(text || '');
    if (days) return `${days[1]} days`;
    const hours = /^PT(\d+)H$/.exec(text || '');
    if (hours && Number(hours[1]) % 24 === 0) return `${Number(hours[1]) / 24} days`;
    return text || '';
  }

  // --- data flow ---

  async function dataFlowPage(page) {
    const [{ data: flow }, svg] = await Promise.all([api('GET', '/v1/admin/data-flow'),
      api('GET', '/v1/admin/data-flow.svg', { raw: true })]);
    const blob = await svg.response.blob();
    const image = el('img', { id: 'data-flow-image', src: URL.createObjectURL(blob),
      alt: 'Data-flow diagram: what each purpose reads from the EHR, the pseudonymization boundary, and the model '
        + 'providers that may receive each purpose\'s pseudonymized prompt. The same facts are listed below.' });
    const download = (type) => el('button', { type: 'button', id: `download-${type}`, onclick: async () => {
      try {
        const { response } = await api('GET', `/v1/admin/data-flow.${type}?download=true`, { raw: true });
        const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '')?.[1]
          || `signet-data-flow.${type}`;
        const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name });
        document.body.append(link);
        link.click();
        link.remove();
      } catch (e) { fail(e); }
    } }, `Download ${type.toUpperCase()}`);
    page.append(el('div', { class: 'bar' }, heading('Data flow'), download('svg'), download('png')),
      el('p', { class: 'muted' }, 'Drawn now from the live configuration: purposes, model providers and the '
        + 'pseudonymization profile.'),
      el('div', { class: 'diagram' }, image),
      el('h3', {}, 'The same, as a list'),
      table(['Purpose', 'Reads from the EHR', 'Pseudonymized by', 'May go to'], flow.purposes.map((p) => el('tr',
        { 'data-purpose': p.id }, el('td', {}, `${p.id} v${p.version}`),
        el('td', {}, p.reads.map((r) => `${r.type}: ${list(r.elements)}`).join('; ')),
        el('td', {}, `${flow.profile.id} v${flow.profile.version}`),
        el('td', {}, p.providers.map((id) => {
          const node = flow.providers.find((n) => n.id === id);
          const where = node.local ? 'local' : `remote${node.baaReference ? `, BAA ${node.baaReference}` : ''}`;
          return `${id} (${where}${node.refusal ? `; refused: ${node.refusal}` : ''})`;
        }).join('; ')))), { id: 'data-flow-list' }));
  }

  // --- quality ---

  async function qualityPage(page) {
    const weeks = Number(new URLSearchParams(location.hash.split('?')[1] || '').get('weeks') || 12);
    const { data } = await api('GET', `/v1/admin/quality?weeks=${weeks}`);
    const pct = (x) => (x === null || x === undefined ? '' : `${Math.round(x * 100)} %`);
    const minutes = (ms) => (ms === null || ms === undefined ? '' : `${(ms / 60000).toFixed(1)} min`);
    page.append(heading('Quality over time'),
      el('p', { class: 'muted' }, `Drafts decided in the last ${weeks} weeks, week by week, per model provider, model `
        + 'version and prompt template: a model update that made drafts worse shows as more editing, slower '
        + 'signing or more rejections.'),
      data.length === 0 ? el('p', {}, 'No signed or rejected drafts in this period.')
        : table(['Week of', 'Provider', 'Model', 'Template', 'Signed', 'Rejected', 'Rejection rate',
          'Edited (mean)', 'Time to sign (median)'], data.map((w) => el('tr', {},
          el('td', {}, w.week), el('td', {}, w.providerId || ''),
          el('td', {}, `${w.modelName || ''} ${w.modelVersion || ''}`),
          el('td', {}, `${w.promptTemplateId || ''} v${w.promptTemplateVersion ?? ''}`),
          el('td', {}, String(w.signed)), el('td', {}, String(w.rejected)), el('td', {}, pct(w.rejectionRate)),
          el('td', {}, pct(w.meanEditRatio)), el('td', {}, minutes(w.medianMsToSign)))), { id: 'quality-table' }));
  }

  async function start() {
    keycloak = await SignetConsole.signIn({ returnKey: RETURN, home: '/admin/', role: 'admin',
      refusal: 'This console is for Signet admins; your account does not have the admin role.' });
    if (!keycloak) return;
    await replayPendingChange();
    window.addEventListener('hashchange', route);
    await route();
  }

  start().catch((e) => say(`Sign-in failed: ${e?.message || e}`, true));
})();
