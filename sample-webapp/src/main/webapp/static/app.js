// The signed-in page. The access token lives in an HttpOnly cookie: this script never sees it and
// never needs to. It renews the token shortly before it expires and drives the todo API.
(() => {
  'use strict';
  const ctx = document.body.dataset.context;
  const expiry = document.getElementById('token-expiry');
  const EXP_KEY = 'jwt-sample-exp'; // only the expiry time, shared between tabs; never a token
  let exp = Number(expiry.dataset.exp);
  let timer;

  function showExpiry() {
    expiry.dateTime = new Date(exp * 1000).toISOString();
    expiry.textContent = new Date(exp * 1000).toLocaleTimeString();
  }

  function schedule() {
    clearTimeout(timer);
    // Renew a minute before expiry; never more often than every 5 seconds.
    timer = setTimeout(refresh, Math.max(5000, (exp - 60) * 1000 - Date.now()));
  }

  async function renew() {
    // Another tab may have renewed already: the cookies are shared, so only the expiry needs updating.
    const shared = Number(localStorage.getItem(EXP_KEY) || 0);
    if (shared > exp && shared - 60 > Date.now() / 1000) {
      exp = shared;
      return true;
    }
    const res = await fetch(ctx + '/auth/refresh', { method: 'POST', credentials: 'same-origin' });
    if (!res.ok) {
      return false;
    }
    exp = (await res.json()).exp;
    localStorage.setItem(EXP_KEY, String(exp));
    return true;
  }

  async function refresh() {
    // One renewal at a time across tabs: two tabs presenting the same refresh token would look like
    // token theft and end the session.
    const ok = navigator.locks ? await navigator.locks.request('jwt-sample-refresh', renew) : await renew();
    if (!ok) {
      location.assign(ctx + '/login');
      return false;
    }
    showExpiry();
    schedule();
    return true;
  }

  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res = await fetch(ctx + path, init);
    if (res.status === 401 && (await refresh())) {
      res = await fetch(ctx + path, init);
    }
    return res;
  }

  const list = document.getElementById('todos');
  const error = document.getElementById('todo-error');

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  function render(todos) {
    list.replaceChildren(...todos.map((todo) => {
      const item = document.createElement('li');
      const title = document.createElement('span');
      title.textContent = todo.title;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link';
      remove.textContent = 'Done';
      remove.setAttribute('aria-label', 'Done: ' + todo.title);
      remove.addEventListener('click', async () => {
        const res = await api('DELETE', '/api/todos/' + encodeURIComponent(todo.id));
        if (res.ok || res.status === 404) {
          load();
        } else {
          showError('Could not remove the todo (' + res.status + ').');
        }
      });
      item.append(title, ' ', remove);
      return item;
    }));
  }

  async function load() {
    const res = await api('GET', '/api/todos');
    if (res.ok) {
      render(await res.json());
      showError('');
    } else {
      showError('Could not load todos (' + res.status + ').');
    }
  }

  document.getElementById('todo-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = event.target.elements.title;
    const res = await api('POST', '/api/todos', { title: input.value });
    if (res.ok) {
      input.value = '';
      load();
    } else {
      showError('Could not add the todo (' + res.status + ').');
    }
  });

  for (const id of ['logout-form', 'logout-all-form']) {
    document.getElementById(id).addEventListener('submit', () => localStorage.removeItem(EXP_KEY));
  }

  localStorage.setItem(EXP_KEY, String(Math.max(exp, Number(localStorage.getItem(EXP_KEY) || 0))));
  showExpiry();
  schedule();
  load();
})();
