// The operator console's only script. The page it runs in (Shell.razor) holds no data: this fetches each page's
// content from /console/fragments/… with the bearer token kept in this tab's session storage (never a cookie), and
// sends the buttons' POSTs to the API the same way. Fragments are HTML rendered and encoded by the server.
'use strict';

const tokenKey = 'orders-console-token';
const page = document.getElementById('page');
const message = document.getElementById('message');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');
let refreshTimer = null;
let refreshEvery = 0;
// Each load is numbered: an answer to an older load (or one from before signing out) is dropped.
let loads = 0;
let loadFailed = false;

function token() { return sessionStorage.getItem(tokenKey); }

function say(text, isProblem) {
    loadFailed = false;
    message.textContent = text || '';
    message.className = isProblem ? 'problem' : '';
}

function schedule(milliseconds) {
    clearTimeout(refreshTimer);
    refreshTimer = milliseconds > 0 ? setTimeout(load, milliseconds) : null;
}

function showSignIn(reason) {
    loads++;
    schedule(0);
    page.replaceChildren();
    signIn.hidden = false;
    signOut.hidden = true;
    say(reason, Boolean(reason));
}

function useToken(value) {
    sessionStorage.setItem(tokenKey, value.trim());
    signIn.hidden = true;
    say('');
    load();
}

// /console/orders/x?version=2 -> /console/fragments/orders/x?version=2 (the bare /console shows the orders page).
function fragmentUrl() {
    let path = location.pathname.replace(/^\/console\/?/, '');
    if (path === '') { path = 'orders'; }
    return '/console/fragments/' + path + location.search;
}

async function problemText(response) {
    try {
        const problem = await response.json();
        return [problem.title, problem.detail].filter(Boolean).join(': ') || response.status + ' ' + response.statusText;
    } catch {
        return response.status + ' ' + response.statusText;
    }
}

// A failed load says why. A page that refreshes itself tries again on its own schedule; any page tries again in 5 s
// when the gateway did not answer or answered 5xx (a gateway starting or a database away for a moment).
function loadFailedWith(text, transient) {
    say(text, true);
    loadFailed = true;
    schedule(refreshEvery || (transient ? 5000 : 0));
}

async function load() {
    const number = ++loads;
    schedule(0);
    if (!token()) { showSignIn(); return; }
    signOut.hidden = false;
    let response;
    let html = null;
    try {
        response = await fetch(fragmentUrl(), {
            headers: { Authorization: 'Bearer ' + token(), Accept: 'text/html' }, signal: AbortSignal.timeout(15000),
        });
        if ((response.headers.get('content-type') || '').startsWith('text/html')) { html = await response.text(); }
    } catch (error) {
        if (number === loads) { loadFailedWith('The gateway did not answer: ' + error.message, true); }
        return;
    }

    if (number !== loads) { return; }
    if (response.status === 401) {
        sessionStorage.removeItem(tokenKey);
        showSignIn('The token was refused (401): it is missing, expired or not signed for this gateway.');
        return;
    }

    if (response.status === 403) {
        page.replaceChildren();
        say('This token lacks the orders:admin scope (403). Sign out and use an operator token.', true);
        return;
    }

    if (html === null) {
        const text = await problemText(response);
        if (number === loads) { loadFailedWith(text, response.status >= 500); }
        return;
    }

    // The last action's message stays; a failed load's message goes once a load succeeds.
    if (loadFailed) { say(''); }
    page.innerHTML = html;
    wire();
}

function wire() {
    const refreshing = page.querySelector('[data-refresh]');
    refreshEvery = refreshing ? Number(refreshing.dataset.refresh) : 0;
    schedule(refreshEvery);

    for (const form of page.querySelectorAll('form[data-autosubmit]')) {
        for (const input of form.querySelectorAll('input[type=range]')) {
            const shown = form.querySelector('output');
            input.addEventListener('input', () => { if (shown) { shown.textContent = input.value; } });
            input.addEventListener('change', () => form.requestSubmit());
        }
    }
}

// Buttons that change something post to the API with the token; the page then reloads its content.
page.addEventListener('submit', async event => {
    const form = event.target;
    if (form.method.toLowerCase() !== 'post') { return; }
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { return; }
    const target = new URL(form.action);
    let text;
    let ok = false;
    try {
        const response = await fetch(target, {
            method: 'POST', headers: { Authorization: 'Bearer ' + token() }, signal: AbortSignal.timeout(15000),
        });
        ok = response.ok;
        text = ok ? 'Done: ' + target.pathname.split('/').slice(2).join(' ') + target.search + ' (' + response.status + ')' : await problemText(response);
    } catch (error) {
        text = 'The gateway did not answer: ' + error.message;
    }
    if (!token()) { return; } // signed out meanwhile
    say(text, !ok);
    load();
});

document.getElementById('token-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = document.getElementById('token').value;
    if (value.trim()) { useToken(value); }
});

const development = document.getElementById('development-token');
if (development) {
    development.addEventListener('click', async () => {
        try {
            const response = await fetch('/dev/token', {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ subject: 'console' }),
            });
            if (response.ok) { useToken((await response.json()).accessToken); } else { say(await problemText(response), true); }
        } catch (error) {
            say('The gateway did not answer: ' + error.message, true);
        }
    });
}

signOut.addEventListener('click', () => { sessionStorage.removeItem(tokenKey); showSignIn('Signed out.'); });

load();
