// "Find your team": the form works as plain GET; this only submits when a picker changes,
// and clears the lower pickers so a new province does not keep an old ward.
document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-find-team]");
    if (!form) { return; }
    var order = ["province", "ward", "hamlet"];
    order.forEach(function (name, index) {
        var select = form.elements[name];
        if (!select) { return; }
        select.addEventListener("change", function () {
            order.slice(index + 1).forEach(function (lower) {
                if (form.elements[lower]) { form.elements[lower].value = ""; }
            });
            form.submit();
        });
    });
});
