// "In phiếu" button on the activation-slip page (no inline scripts: CSP).
document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.addEventListener("click", function () { window.print(); });
    });
});
