// Admin unit filters (members, teams, hamlets, wards, support log): the ward choice follows
// the chosen province. Nationally the server lists no ward until a province is chosen (3,321
// would be one unusable list); when the province changes, the old ward is cleared at once (it
// would not belong to the new province) and the wards of the new one are fetched from the
// same choices the filter accepts (teams_ward:choices, ids as values). Without JavaScript the
// filter still works: choosing a province and reloading lists its wards.
(function () {
    function refill(ward, wards) {
        while (ward.options.length > 1) { ward.remove(1); }
        wards.forEach(function (item) {
            ward.add(new Option(item.name, item.id));
        });
    }

    document.addEventListener("change", function (event) {
        var province = event.target;
        if (province.name !== "province" || !province.form) { return; }
        var ward = province.form.elements.ward;
        if (!ward || ward.tagName !== "SELECT" || !ward.dataset.wardsUrl) { return; }
        ward.value = "";
        refill(ward, []);
        if (!province.value) { return; }
        var asked = province.value;
        fetch(ward.dataset.wardsUrl + "?province=" + encodeURIComponent(asked), {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
        })
            .then(function (response) { return response.ok ? response.json() : { wards: [] }; })
            .then(function (body) {
                if (province.value === asked) { refill(ward, body.wards || []); }
            })
            .catch(function () { /* the list stays empty; the page still works by reload */ });
    }, true);
}());
