/* DOM helpers shared by the page scripts (annotate/, keys.js). */

// el("p", {className: "x", text: "y", "aria-label": "z"}, [children]): text only, never HTML.
export function el(tag, attributes, children) {
  var element = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) {
    var value = attributes[name];
    if (value === null || value === undefined || value === false) return;
    if (name === "className") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name === "hidden") element.hidden = Boolean(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  });
  (children || []).forEach(function (child) {
    if (child === null || child === undefined || child === false) return;
    element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return element;
}

// Keys typed into a field are the field's own.
export function isTyping(target) {
  if (!target || !target.tagName) return false;
  var tag = target.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}
