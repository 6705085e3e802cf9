// The login page. A browser whose access token expired but whose refresh cookie is still valid
// lands here (the filter redirects signed-out navigations to /login): renew silently and go back to
// the app; otherwise just show the form.
(() => {
  'use strict';
  const ctx = document.body.dataset.context;
  if (document.querySelector('.error')) {
    return; // a failed sign-in: stay on the form
  }
  const renew = async () => {
    const res = await fetch(ctx + '/auth/refresh', { method: 'POST', credentials: 'same-origin' });
    if (res.ok) {
      localStorage.setItem('jwt-sample-exp', String((await res.json()).exp));
      location.replace(ctx + '/app');
    }
  };
  (navigator.locks ? navigator.locks.request('jwt-sample-refresh', renew) : renew()).catch(() => {});
})();
