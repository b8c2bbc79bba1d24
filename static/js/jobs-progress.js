// The progress page of a queued job (templates/jobs/job_detail.html): polls the job's JSON
// status and moves the bar without reloading. When the job ends the page is loaded again, so
// the server draws the result (the download button, the preview, the error). Without
// JavaScript the page refreshes itself (<noscript> meta refresh). No inline script: CSP.
(function () {
    "use strict";
    var INTERVAL = 1500;

    function start(box) {
        var url = box.getAttribute("data-status-url");
        if (!url || (box.getAttribute("data-status") !== "pending" && box.getAttribute("data-status") !== "running")) {
            return;
        }
        var bar = box.querySelector("[data-job-bar]");
        var percent = box.querySelector("[data-job-percent]");
        var count = box.querySelector("[data-job-count]");
        var label = box.querySelector("[data-job-status-label]");
        var unclaimed = box.querySelector("[data-job-unclaimed]");

        function poll() {
            fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then(function (response) {
                    if (!response.ok) { throw new Error(String(response.status)); }
                    return response.json();
                })
                .then(function (data) {
                    if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
                    if (percent) { percent.textContent = data.percent; }
                    if (count && data.total) { count.textContent = data.done + "/" + data.total; }
                    if (label) { label.textContent = data.status_label; }
                    if (unclaimed) { unclaimed.hidden = !data.unclaimed; }
                    if (data.status === "done" || data.status === "failed") {
                        window.location.reload();
                        return;
                    }
                    window.setTimeout(poll, INTERVAL);
                })
                .catch(function () { window.setTimeout(poll, INTERVAL * 4); });
        }
        window.setTimeout(poll, INTERVAL);
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-job-progress]").forEach(start);
    });
})();
