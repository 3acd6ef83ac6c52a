'use strict';
/*
 * What the admin console (/admin/) and the auditor's page (/audit/) share: building elements from text only, the
 * status line, calls to signoff-service's API with the signed-in user's fresh token, and the keycloak-js sign-in
 * (authorization code + PKCE) that keeps the page's #hash across the redirect and lets in one realm role only.
 */
window.SignetConsole = (() => {
  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children; strings become text nodes, so they are never parsed as HTML. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function say(message, isError = false) {
    const status = $('status');
    status.textContent = message;
    status.classList.toggle('error', isError);
  }

  /** A non-2xx answer, with its problem details (RFC 9457). */
  class ApiError extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }

    /** The owner asks for a fresh sign-in before this change (RFC 9470). */
    get stepUp() {
      return this.status === 401 && String(this.problem.type || '').endsWith('/step-up-required');
    }
  }

  /** A call with the user's fresh token (signing in again when the session ended); non-2xx throws ApiError. */
  async function request(keycloak, method, path, { json, ifMatch } = {}) {
    try {
      await keycloak.updateToken(30);
    } catch (e) {
      keycloak.login();
      throw new ApiError(401, { title: 'Your session ended; signing in again.' });
    }
    const headers = { Authorization: `Bearer ${keycloak.token}` };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch) headers['If-Match'] = ifMatch;
    const response = await fetch(path, {
      method, headers, body: json !== undefined ? JSON.stringify(json) : undefined, credentials: 'same-origin',
    });
    if (!response.ok) {
      let problem = {};
      try { problem = await response.json(); } catch (e) { /* not problem JSON */ }
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  /** The body of an answer as JSON, or null when it has none. */
  async function json(response) {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** Said instead of sending anyone to an identity provider that does not answer (their browser would only fail). */
  const SIGN_IN_UNAVAILABLE = 'Sign-in is unavailable: Signet cannot reach its identity provider. Sessions already '
    + 'open keep working until they expire; reload this page in a few minutes to sign in.';

  /**
   * Signs in (the #hash kept under {@code returnKey} across the redirect, since redirect URIs carry no fragment),
   * names the user, wires log-out back to {@code home}, and answers keycloak when the account has {@code role};
   * otherwise says {@code refusal} and answers null. The page's tabs show only for its role.
   */
  async function signIn({ returnKey, home, role, refusal }) {
    if (location.hash) {
      sessionStorage.setItem(returnKey, location.hash);
      history.replaceState(null, '', location.pathname);
    }
    const config = await (await fetch('/ui/config')).json();
    if (!config.signInAvailable) {
      say(SIGN_IN_UNAVAILABLE, true);
      return null;
    }
    const keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
    await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false,
      responseMode: 'query' });
    const back = sessionStorage.getItem(returnKey);
    sessionStorage.removeItem(returnKey);
    if (back) history.replaceState(null, '', `${location.pathname}${back}`);
    $('who').textContent = keycloak.tokenParsed?.preferred_username || '';
    $('logout').hidden = false;
    $('logout').addEventListener('click', () => keycloak.logout({ redirectUri: `${location.origin}${home}` }));
    if (!keycloak.hasRealmRole(role)) {
      say(refusal, true);
      return null;
    }
    $('tabs').hidden = false;
    return keycloak;
  }

  return { $, el, say, ApiError, request, json, signIn, SIGN_IN_UNAVAILABLE };
})();
