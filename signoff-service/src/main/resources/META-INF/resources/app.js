'use strict';
/*
 * The sign-off UI: plain JavaScript on signoff-service's REST API. Launched from an EHR (SMART), the browser holds
 * only signoff's HttpOnly session cookie: no token is in this page, and every change carries X-Signet-Request.
 * Opened directly, it signs in with keycloak-js (authorization code + PKCE, public client) and sends the access
 * token as a bearer. Every text that came from a model, a transcript or a
 * chart is untrusted: it only ever reaches the page through textContent / text nodes, never as HTML.
 */
(() => {
  // elements from text, the status line and API errors, as the admin console and the auditor's page have them
  const { $, el, say, ApiError } = SignetConsole;

  const STATES = {
    PENDING_REVIEW: 'Waiting for review', SIGNED: 'Signed, filing', FILED: 'Filed',
    FILING_FAILED: 'Filing failed', REJECTED: 'Rejected', EXPIRED: 'Expired',
  };
  const NOTE_TYPES = {
    '11506-3': 'Progress note', '11488-4': 'Consult note', '34117-2': 'History and physical',
    '18842-5': 'Discharge summary',
  };
  const FILING_POLL_MS = 2000;
  const DRAFT_ARRIVAL_TRIES = 15;

  let keycloak;
  /** What a SMART launch established ({@code GET /v1/session}), or null when signed in with keycloak-js. */
  let launched = null;
  let current = null; // { detail, etag, evidence } of the draft on screen
  let filingPoll = null;

  /** A call to this service's API with a fresh token; non-2xx answers become ApiError with the problem's detail. */
  async function api(path, options = {}) {
    const headers = { ...(options.headers || {}) };
    if (launched) {
      headers['X-Signet-Request'] = '1'; // the session cookie goes along; a change must show it came from this page
    } else {
      try {
        await keycloak.updateToken(30);
      } catch (e) {
        keycloak.login();
        throw new ApiError(401, { title: 'Your session ended; signing in again.' });
      }
      headers.Authorization = `Bearer ${keycloak.token}`;
    }
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method: options.method || 'GET', headers, signal: options.signal, credentials: 'same-origin',
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
    });
    if (launched && response.status === 401) {
      throw new ApiError(401, { title: 'Your session from the EHR ended: launch Signet again from the EHR.' });
    }
    if (!response.ok) {
      let problem = {};
      try { problem = await response.json(); } catch (e) { /* not problem JSON */ }
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  function age(instant) {
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 60000));
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.round(minutes / 60);
    return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
  }

  // --- navigation: / (queue), /?draft=<id>, /?new ---

  function navigate(url) {
    history.pushState(null, '', url);
    route();
  }

  function route() {
    stopFilingPoll();
    const params = new URLSearchParams(location.search);
    for (const id of ['queue-view', 'draft-view', 'new-view']) $(id).hidden = true;
    say('');
    if (params.has('draft')) return showDraft(params.get('draft'));
    if (params.has('new')) return showNew();
    return showQueue();
  }

  // --- queue ---

  async function showQueue() {
    $('queue-view').hidden = false;
    const state = $('state-filter').value;
    const rows = $('queue').tBodies[0];
    try {
      // after a launch, only the launch's patient (signoff compares each draft's re-identified patient reference)
      const patient = launched?.patient ? `&ehrPatient=${encodeURIComponent(`Patient/${launched.patient}`)}` : '';
      const response = await api(`/v1/queue?names=true${patient}${state ? `&state=${encodeURIComponent(state)}` : ''}`);
      const items = await response.json();
      showPatientBanner(items);
      rows.replaceChildren(...items.map((item) => el('tr', { 'data-draft': item.draftId },
        el('td', { class: 'state' }, STATES[item.state] || item.state),
        el('td', {}, el('a', { href: `/?draft=${encodeURIComponent(item.draftId)}`, 'data-nav': '' },
          item.patientName || item.patientDisplay || 'Unknown patient')),
        el('td', {}, NOTE_TYPES[item.noteType] || item.purpose),
        el('td', {}, age(item.receivedAt)))));
      $('queue-empty').hidden = items.length > 0;
    } catch (e) {
      rows.replaceChildren();
      say(`The queue could not be loaded: ${e.message}`, true);
    }
  }

  /**
   * After an EHR launch, the patient the EHR opened Signet on: by name when a draft of theirs lets Signet re-identify
   * it (as the queue does), else by reference.
   */
  function showPatientBanner(items) {
    const banner = $('patient-banner');
    if (!launched?.patient) {
      banner.hidden = true;
      return;
    }
    const named = items.find((item) => item.patientName);
    banner.replaceChildren(el('strong', {}, named ? named.patientName : `Patient/${launched.patient}`),
      launched.encounter ? ` · Encounter/${launched.encounter}` : '', ' · opened from the EHR');
    banner.hidden = false;
  }

  // --- one draft ---

  /** The note split at "Heading:" lines, so each section reads on its own. */
  function sections(text) {
    const found = [];
    let section = { heading: null, lines: [] };
    for (const line of text.split('\n')) {
      const heading = /^\s*([A-Z][A-Za-z&/() -]{1,40}):\s*(.*)$/.exec(line);
      if (heading && heading[1].split(' ').length <= 4) {
        if (section.heading || section.lines.some((l) => l.trim())) found.push(section);
        section = { heading: heading[1], lines: heading[2] ? [heading[2]] : [] };
      } else {
        section.lines.push(line);
      }
    }
    if (section.heading || section.lines.some((l) => l.trim())) found.push(section);
    return found;
  }

  /**
   * Who and which visit the note is for, as patient-safety practice asks: the name with two more identifiers (birth
   * date, medical record number) and the encounter's date and type, all re-identified for this clinician.
   */
  function renderIdentity(detail) {
    const banner = detail.banner || {};
    const parts = [];
    if (banner.birthDate) parts.push(`born ${banner.birthDate}`);
    if (banner.mrn) parts.push(`MRN ${banner.mrn}`);
    const visit = [banner.encounterType, banner.encounterDate ? `on ${banner.encounterDate}` : ''].filter(Boolean);
    if (visit.length) parts.push(`encounter: ${visit.join(' ')}`);
    $('draft-patient').replaceChildren(el('strong', {}, detail.patient || detail.patientRef || 'Unknown patient'),
      ...parts.map((p) => ` · ${p}`));
    $('draft-patient').hidden = false;
  }

  function renderDraft(detail) {
    $('draft-title').textContent = `${NOTE_TYPES[detail.noteType] || detail.purpose} — ${detail.patient || 'Unknown patient'}`;
    renderIdentity(detail);
    const lineage = detail.lineage || {};
    const facts = [
      ['Patient', detail.patient || detail.patientRef],
      ['State', STATES[detail.state] || detail.state],
      ['Model', `${lineage.modelName || lineage.providerId} ${lineage.modelVersion || ''}`.trim()],
      ['Prompt template', `${lineage.promptTemplateId || '—'} v${lineage.promptTemplateVersion ?? '—'}`],
      ['Purpose', `${detail.purpose} (version ${lineage.purposeVersion})`],
      ['Drafted', new Date(detail.draftCreatedAt).toLocaleString()],
    ];
    $('draft-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name),
      el('dd', { 'data-fact': name }, value)]));
    // Invisible and text-direction characters could make the note read differently from what is stored and filed.
    const removed = detail.invisibleCharactersRemoved || 0;
    $('draft-notice').hidden = removed === 0;
    $('draft-notice').textContent = removed === 0 ? '' : `${removed} invisible or text-direction `
      + `character${removed === 1 ? ' was' : 's were'} removed from this draft. The text below is exactly what `
      + 'will be filed.';
    $('draft-sections').replaceChildren(...sections(detail.text || '').map((s) => el('section', {},
      s.heading ? el('h3', {}, s.heading) : '', el('p', {}, s.lines.join('\n').trim()))));
    const reviewable = detail.state === 'PENDING_REVIEW';
    // the review banner is for drafts; a signed note says who signed it, when, and where it is filed
    $('review-banner').hidden = !reviewable;
    $('review-kind').textContent = lineage.aiGenerated === false
      ? 'Template draft (no AI model) — review required.' : 'AI-drafted — review required.';
    $('draft-actions').hidden = !reviewable;
    $('draft-sections').hidden = false;
    $('edit-form').hidden = true;
    renderFiling(detail.state, detail.filing, detail.signature);
  }

  /** The EHR's id as a FHIR reference; events carry the logical id. */
  function documentReference(id) {
    return String(id).includes('/') ? id : `DocumentReference/${id}`;
  }

  /**
   * Who signed: only the clinician a draft is assigned to may open it or sign it, so the signer of a note on this
   * screen is the signed-in clinician, named as this page knows them.
   */
  function signerName() {
    return (launched ? launched.user : keycloak?.tokenParsed?.preferred_username) || 'you';
  }

  function renderSigned(state, signature) {
    const signed = ['SIGNED', 'FILED', 'FILING_FAILED'].includes(state) && signature;
    $('signed-banner').hidden = !signed;
    $('signed-banner').textContent = signed ? `Signed by ${signerName()} on `
      + `${new Date(signature.signedAt).toLocaleString()}.${state === 'FILED' ? ' The note is filed in the chart.' : ''}`
      : '';
  }

  function renderFiling(state, filing, signature) {
    if (signature) current.signature = signature;
    renderSigned(state, signature || current?.signature);
    const text = {
      SIGNED: 'Filing in the chart…',
      FILED: `Filed in the chart as ${documentReference(filing?.documentReferenceId)}.`,
      FILING_FAILED: `Filing failed: ${filing?.failureReason ?? 'unknown reason'}.`,
      REJECTED: 'Rejected: nothing was filed.',
      EXPIRED: 'Expired before review: nothing was filed.',
    }[state] || '';
    $('filing').textContent = text;
    const stateFact = document.querySelector('#draft-facts [data-fact="State"]');
    if (stateFact) stateFact.textContent = STATES[state] || state;
    $('filing').classList.toggle('error', state === 'FILING_FAILED');
    $('filing').dataset.state = state;
  }

  /**
   * The draft's answer. A draft scribe just reported ready reaches the sign-off queue a moment later (on Kafka), so a
   * 404 is asked again for a few seconds before it counts.
   */
  async function draftWhenQueued(id) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api(`/v1/drafts/${encodeURIComponent(id)}`);
      } catch (e) {
        if (e.status !== 404 || attempt >= DRAFT_ARRIVAL_TRIES) throw e;
        if (attempt === 0) say('The draft is on its way to your queue…');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async function showDraft(id) {
    $('draft-view').hidden = false;
    $('draft-sections').replaceChildren();
    $('draft-facts').replaceChildren();
    $('draft-patient').hidden = true;
    $('draft-actions').hidden = true;
    $('draft-notice').hidden = true;
    $('filing').textContent = '';
    try {
      const response = await draftWhenQueued(id);
      current = { detail: await response.json(), etag: response.headers.get('ETag') };
      say('');
      renderDraft(current.detail);
      if (current.detail.state === 'SIGNED') watchFiling(id);
      await showEvidence(id);
    } catch (e) {
      current = null;
      $('draft-title').textContent = 'Draft unavailable';
      say(e.status === 403 ? 'This draft is assigned to another clinician; you cannot open it.'
        : `The draft could not be loaded: ${e.message}`, true);
    }
  }

  // --- evidence and omissions ---

  const KIND = { problem: 'Problem', medication: 'Medication', allergy: 'Allergy', procedure: 'Procedure',
    vital: 'Vital sign' };
  const SPEAKER = { clinician: 'Clinician', patient: 'Patient', other: 'Other' };

  /** What each sentence rests on, and what the encounter holds that the note does not say; all shown as text. */
  async function showEvidence(id) {
    $('review').hidden = true;
    try {
      const response = await api(`/v1/drafts/${encodeURIComponent(id)}/evidence`);
      const evidence = await response.json();
      current.evidence = evidence;
      if (!evidence.available) return;
      $('review').hidden = false;
      const unsupported = evidence.sentenceCount - evidence.supportedCount;
      $('review-summary').textContent = `${evidence.supportedCount} of ${evidence.sentenceCount} sentences are `
        + `supported by the transcript or the chart${unsupported ? `; ${unsupported} are not: check them first` : ''}.`;
      $('evidence-transcript').replaceChildren(...evidence.transcript.map((turn) => el('li',
        { 'data-unit': turn.index }, el('span', { class: 'speaker' }, `${SPEAKER[turn.speaker] || turn.speaker}:`),
        turn.text)));
      $('evidence-chart').replaceChildren(...evidence.chart.map((item) => el('li', { 'data-item': item.id },
        `${KIND[item.kind] || item.kind}: ${item.display}`)));
      $('evidence-sentences').replaceChildren(...evidence.sentences.map((sentence) => el('li',
        { class: sentence.supported ? 'supported' : 'unsupported', 'data-sentence': sentence.index },
        el('button', { type: 'button', 'aria-pressed': 'false' }, sentence.text,
          sentence.supported ? '' : el('span', { class: 'tag' }, 'unsupported'),
          sentence.edited ? el('span', { class: 'tag' }, 'edited') : ''))));
      renderOmissions(evidence.omissions);
    } catch (e) {
      say(`The evidence could not be loaded: ${e.message}`, true);
    }
  }

  /** Marks the sources of one sentence: its transcript turns and chart items. */
  function selectSentence(index) {
    const sentence = current?.evidence?.sentences?.[index];
    if (!sentence) return;
    document.querySelectorAll('#evidence-sentences button').forEach((b) => b.setAttribute('aria-pressed',
      String(b.closest('li').dataset.sentence === String(index))));
    document.querySelectorAll('.source').forEach((n) => n.classList.remove('source'));
    let first = null;
    for (const unit of sentence.units) {
      const node = document.querySelector(`#evidence-transcript [data-unit="${unit}"]`);
      if (node) { node.classList.add('source'); first = first || node; }
    }
    for (const item of sentence.items) {
      const node = [...document.querySelectorAll('#evidence-chart [data-item]')].find((n) => n.dataset.item === item);
      if (node) { node.classList.add('source'); first = first || node; }
    }
    if (first) first.scrollIntoView({ block: 'nearest' });
    say(first ? '' : 'Nothing in the transcript or chart supports this sentence.');
  }

  function renderOmissions(omissions) {
    const reviewable = current.detail.state === 'PENDING_REVIEW';
    $('omissions-box').hidden = omissions.length === 0;
    $('omissions').replaceChildren(...omissions.map((o) => el('li', { 'data-key': o.key },
      `${KIND[o.kind] || o.kind}: `, el('strong', {}, o.name), ` (${o.source === 'chart' ? 'chart' : 'said in the visit'})`,
      o.decision ? el('span', { class: 'answer' }, o.decision === 'added' ? '— added to the note' : '— not relevant') : '',
      reviewable ? el('button', { type: 'button', 'data-decision': 'added' }, 'Add to note') : '',
      reviewable ? el('button', { type: 'button', 'data-decision': 'not-relevant' }, 'Not relevant') : '')));
  }

  /** Records the answer; "add to note" also opens the editor with the item at the end, for the clinician to place. */
  async function answerOmission(key, decision) {
    const omission = current.evidence.omissions.find((o) => o.key === key);
    try {
      const response = await api(`/v1/drafts/${current.detail.draftId}/omissions`, {
        method: 'POST', json: { key, decision },
      });
      current.etag = response.headers.get('ETag') || current.etag;
      omission.decision = decision;
      renderOmissions(current.evidence.omissions);
      if (decision === 'added') {
        startEdit();
        $('draft-text').value = `${$('draft-text').value.replace(/\s+$/, '')}\n${omission.name}.`;
        say('Place the added item where it belongs in the note, then save.');
      }
    } catch (e) {
      say(`Not recorded: ${e.message}`, true);
    }
  }

  /** After signing, follow the filing outcome from the queue (states only: no re-identification, no PHI). */
  function watchFiling(id) {
    stopFilingPoll();
    filingPoll = setInterval(async () => {
      try {
        const items = await (await api('/v1/queue')).json();
        const item = items.find((i) => i.draftId === id);
        if (item && item.state !== 'SIGNED') {
          stopFilingPoll();
          renderFiling(item.state, { documentReferenceId: item.documentReferenceId,
            failureReason: item.filingFailureReason }, null);
        }
      } catch (e) {
        say(`Filing status unavailable: ${e.message}`, true);
      }
    }, FILING_POLL_MS);
  }

  function stopFilingPoll() {
    if (filingPoll) clearInterval(filingPoll);
    filingPoll = null;
  }

  function startEdit() {
    $('draft-text').value = current.detail.text;
    $('draft-sections').hidden = true;
    $('draft-actions').hidden = true;
    $('edit-form').hidden = false;
    $('draft-text').focus();
  }

  async function saveEdit(event) {
    event.preventDefault();
    try {
      await api(`/v1/drafts/${current.detail.draftId}`, {
        method: 'PUT', headers: { 'If-Match': current.etag }, json: { text: $('draft-text').value },
      });
      await showDraft(current.detail.draftId);
      say('Changes saved.');
    } catch (e) {
      say(e.status === 412 ? 'This draft changed since you opened it (another tab?). Reload it before editing.'
        : `Not saved: ${e.message}`, true);
    }
  }

  /** Posts a sign-off action on the draft on screen from its dialog, then shows the draft as it now is. */
  async function act(dialog, action, body, done, failed) {
    try {
      await api(`/v1/drafts/${current.detail.draftId}/${action}`, {
        method: 'POST', headers: { 'If-Match': current.etag }, json: body,
      });
      $(dialog).close();
      await showDraft(current.detail.draftId);
      say(done);
    } catch (e) {
      $(dialog).close();
      say(`${failed}: ${e.message}`, true);
    }
  }

  function sign(event) {
    event.preventDefault();
    if (!$('attest').checked) return;
    act('sign-dialog', 'sign', { attest: true }, 'Signed. The note is on its way to the chart.', 'Not signed');
  }

  function reject(event) {
    event.preventDefault();
    act('reject-dialog', 'reject', { reason: $('reject-reason').value }, 'Rejected. Nothing was filed.',
      'Not rejected');
  }

  // --- a new draft ---

  function showNew() {
    $('new-view').hidden = false;
    if (launched?.patient && !$('new-patient').value) {
      // the launch chose the patient and encounter: the form opens on them
      $('new-patient').value = `Patient/${launched.patient}`;
      if (launched.encounter) $('new-encounter').value = `Encounter/${launched.encounter}`;
      $('new-transcript').focus();
    } else {
      $('new-patient').focus();
    }
  }

  /** Reads a text/event-stream with the bearer token (EventSource cannot send one) and hands each event on. */
  async function followEvents(path, onEvent) {
    const response = await api(path, { headers: { Accept: 'text/event-stream' } });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart()).join('\n');
        buffer = buffer.slice(end + 2);
        if (data) onEvent(JSON.parse(data));
      }
    }
  }

  async function requestDraft(event) {
    event.preventDefault();
    const [purpose, noteType] = $('new-type').value.split('|');
    const progress = $('progress');
    progress.replaceChildren();
    try {
      const accepted = await api('/v1/drafts', {
        method: 'POST', json: {
          patient: $('new-patient').value.trim(), encounter: $('new-encounter').value.trim(), purpose, noteType,
          transcript: $('new-transcript').value,
        },
      });
      const job = (await accepted.json()).id;
      $('new-transcript').value = ''; // the transcript is in flight only; do not keep it on screen either
      let last = null;
      await followEvents(`/v1/drafts/${encodeURIComponent(job)}/events`, (step) => {
        last = step;
        progress.append(el('li', { 'data-state': step.state },
          `${step.state.replaceAll('_', ' ').toLowerCase()}${step.detail ? ` — ${step.detail}` : ''}`));
      });
      if (last?.state === 'READY') {
        progress.append(el('li', {}, el('a', { href: `/?draft=${encodeURIComponent(job)}`, 'data-nav': '' },
          'Open the draft')));
      }
    } catch (e) {
      say(`The draft was not requested: ${e.message}`, true);
    }
  }

  // --- wiring ---

  function wire() {
    document.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-nav]');
      if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault();
        navigate(link.getAttribute('href'));
      }
      const close = event.target.closest('[data-close]');
      if (close) close.closest('dialog').close();
    });
    window.addEventListener('popstate', route);
    $('state-filter').addEventListener('change', showQueue);
    $('refresh').addEventListener('click', showQueue);
    $('edit').addEventListener('click', startEdit);
    $('cancel-edit').addEventListener('click', () => renderDraft(current.detail));
    $('edit-form').addEventListener('submit', saveEdit);
    $('sign').addEventListener('click', () => { $('attest').checked = false; $('sign-dialog').showModal(); });
    $('sign-form').addEventListener('submit', sign);
    $('reject').addEventListener('click', () => { $('reject-reason').value = ''; $('reject-dialog').showModal(); });
    $('reject-form').addEventListener('submit', reject);
    $('new-form').addEventListener('submit', requestDraft);
    $('evidence-sentences').addEventListener('click', (event) => {
      const item = event.target.closest('li[data-sentence]');
      if (item) selectSentence(Number(item.dataset.sentence));
    });
    $('omissions').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-decision]');
      if (button) answerOmission(button.closest('li').dataset.key, button.dataset.decision);
    });
    $('logout').addEventListener('click', logout);
  }

  async function logout() {
    if (!launched) {
      keycloak.logout({ redirectUri: `${location.origin}/` });
      return;
    }
    try {
      await api('/v1/session', { method: 'DELETE' });
    } catch (e) { /* already ended */ }
    launched = null;
    document.body.replaceChildren(el('main', { class: 'problem' }, el('h1', {}, 'Signed out'),
      el('p', {}, 'Your Signet session from the EHR has ended. Launch Signet again from the EHR to continue.')));
  }

  async function start() {
    wire();
    const session = await fetch('/v1/session', { credentials: 'same-origin' });
    if (session.ok) {
      launched = await session.json();
      $('who').textContent = launched.user;
      $('logout').hidden = false;
      if (launched.patient && location.search === '') history.replaceState(null, '', '/?new');
      showPatientBanner([]);
      route();
      return;
    }
    const config = await (await fetch('/ui/config')).json();
    if (!config.signInAvailable) {
      say(SignetConsole.SIGN_IN_UNAVAILABLE, true);
      return;
    }
    keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
    await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false });
    // standalone SMART launch: open a patient chosen in an EHR (its picker), then work on that patient here
    $('ehr-launch').replaceChildren(...(config.ehrs || []).map((name) => el('a',
      { href: `/launch/standalone?ehr=${encodeURIComponent(name)}`, class: 'button' }, `Open a patient from ${name}`)));
    $('who').textContent = keycloak.tokenParsed?.preferred_username || '';
    $('logout').hidden = false;
    route();
  }

  start().catch((e) => say(`Sign-in failed: ${e?.message || e}`, true));
})();
