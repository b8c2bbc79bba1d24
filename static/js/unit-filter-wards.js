// Admin unit filters (members, teams, hamlets, wards, support log): a unit choice follows the
// one above it. The ward follows the province (nationally the server lists no ward until a
// province is chosen: 3,321 would be one unusable list); on the support log the team follows
// the ward for anyone whose area is more than one ward (a province has up to ~2,800 teams).
// When the upper choice changes, the lower one is cleared at once (it would not belong to the
// new unit), and so is the one below it; then the lower one's choices are fetched from the
// same choices the filter accepts (teams_ward:choices, teams_team:choices; ids as values).
// Without JavaScript the filter still works: choosing the upper unit and reloading lists them.
(function () {
    // upper field -> [lower field, its data attribute holding the URL, the answer's key]
    var FOLLOWERS = {
        province: ["ward", "wardsUrl", "wards"],
        ward: ["team", "teamsUrl", "teams"],
    };

    function refill(select, units) {
        while (select.options.length > 1) { select.remove(1); }
        units.forEach(function (item) {
            select.add(new Option(item.name, item.id));
        });
    }

    function follow(upper) {
        var rule = FOLLOWERS[upper.name];
        if (!rule || !upper.form) { return; }
        var lower = upper.form.elements[rule[0]];
        if (!lower || lower.tagName !== "SELECT" || !lower.dataset[rule[1]]) { return; }
        lower.value = "";
        refill(lower, []);
        follow(lower);  // what hangs below it is cleared too
        if (!upper.value) { return; }
        var asked = upper.value;
        var url = lower.dataset[rule[1]] + "?" + upper.name + "=" + encodeURIComponent(asked);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : {}; })
            .then(function (body) {
                if (upper.value === asked) { refill(lower, body[rule[2]] || []); }
            })
            .catch(function () { /* the list stays empty; the page still works by reload */ });
    }

    document.addEventListener("change", function (event) { follow(event.target); }, true);
}());
