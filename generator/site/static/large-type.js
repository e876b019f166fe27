/* The large-type switch (适老化) remembered across pages: applied in <head>, before the first paint. */
try { if (localStorage.getItem("portal-large-type") === "1") document.documentElement.classList.add("portal-large"); }
catch (e) { /* private mode */ }
