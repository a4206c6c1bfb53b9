/* Talking to the server from the page scripts (annotate/, position.js): the CSRF token,
   JSON requests that never reject, and DRF's error bodies as messages (worded for the
   annotation card, the one place that shows them). */

export function csrfToken() {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  // Without the cookie (CSRF_USE_SESSIONS), any form's token will do.
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// Resolves (never rejects) to {ok, status, data}; status 0 when the server was not reached.
export function request(method, url, body) {
  var headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  var options = { method: method, headers: headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  return fetch(url, options).then(
    function (response) {
      if (response.status === 204) return { ok: response.ok, status: 204, data: null };
      return response.json().then(
        function (data) {
          return { ok: response.ok, status: response.status, data: data };
        },
        function () {
          return { ok: response.ok, status: response.status, data: null };
        }
      );
    },
    function () {
      return { ok: false, status: 0, data: null };
    }
  );
}

// {field: message} from a DRF error body ({"<field>": ["message"]} or {"detail": "…"}).
// A body with a detail (403, 409…) is that message alone, whatever else it carries.
export function fieldErrors(data) {
  var found = {};
  if (!data || typeof data !== "object") return found;
  if (typeof data.detail === "string") return { detail: data.detail };
  Object.keys(data).forEach(function (field) {
    var value = data[field];
    if (Array.isArray(value)) value = value.join(" ");
    if (typeof value === "string") found[field] = value;
  });
  return found;
}

export function errorMessage(result) {
  if (result.status === 0) return "Couldn’t reach the server. Check the connection and try again.";
  if (result.status === 404) return "That annotation is no longer there.";
  var errors = fieldErrors(result.data);
  var messages = Object.keys(errors).map(function (field) {
    return errors[field];
  });
  if (messages.length) return messages.join(" ");
  if (result.status === 403) return "Sign in again to do that.";
  return "Something went wrong (" + result.status + "). Try again.";
}
