/* Progressive enhancement, nothing more: without JavaScript the navigation and the catalogue
 * filters are simply shown.
 * - Phone: the main navigation collapses behind a "Menu" button (aria-expanded tells its state).
 * - Catalogue: the filters sit in an open <details>; on phones it is closed on load unless a
 *   filter is in use. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60rem)");
  var header = document.querySelector(".site-header");
  var button = document.querySelector(".menu-button");
  if (header && button) {
    header.classList.add("has-menu-button");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      header.classList.toggle("menu-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open") && !wide.matches) {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        button.focus();
      }
    });
  }
  var filters = document.querySelector("details.filters-disclosure");
  if (filters && !window.matchMedia("(min-width: 48rem)").matches && !filters.hasAttribute("data-active")) {
    filters.open = false;
  }
})();
