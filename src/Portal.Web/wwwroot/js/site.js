// Confirmation for destructive actions: <form data-confirm="..."> asks before it submits. A button with data-needs="Field"
// skips the question while that field is empty: the server's error says what is missing before anyone confirms anything.
document.addEventListener('submit', function (event) {
    var form = event.target, needs = event.submitter && event.submitter.getAttribute('data-needs');
    var message = form.getAttribute && form.getAttribute('data-confirm');
    if (needs && form.elements[needs] && !form.elements[needs].value.trim()) return;
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});

// Authenticator QR codes: <div class="qr" data-otpauth="otpauth://..."> is drawn with the vendored qrcode-generator.
document.querySelectorAll('.qr[data-otpauth]').forEach(function (element) {
    if (typeof qrcode !== 'function') return;
    var code = qrcode(0, 'M');
    code.addData(element.getAttribute('data-otpauth'));
    code.make();
    element.innerHTML = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
});

// Phones: the partnership bar scrolls sideways, so it opens at the current section's tab rather than at the first ones.
document.querySelectorAll('.partnership-tabs .nav-link.active').forEach(function (tab) {
    var bar = tab.closest('.nav');
    if (bar.scrollWidth > bar.clientWidth) {
        bar.scrollLeft = tab.offsetLeft - (bar.clientWidth - tab.offsetWidth) / 2;
    }
});

// Selects that depend on others: <select data-narrowed-by="A B"> offers only the options whose data-a / data-b list the
// value chosen in select #A / #B (an empty choice narrows nothing). Without script every option stays; the server checks.
document.querySelectorAll('select[data-narrowed-by]').forEach(function (select) {
    var sources = select.getAttribute('data-narrowed-by').split(' ').map(function (id) { return document.getElementById(id); }).filter(Boolean);
    function narrow() {
        Array.prototype.forEach.call(select.options, function (option) {
            if (!option.value) return;
            option.hidden = sources.some(function (source) {
                var listed = (option.getAttribute('data-' + source.id.toLowerCase()) || '').split(' ');
                return source.value && listed.indexOf(source.value) < 0;
            });
        });
        if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = '';
    }
    sources.forEach(function (source) { source.addEventListener('change', function () { narrow(); select.dispatchEvent(new Event('change')); }); });
    narrow();
});

// Fields that belong to one choice: <fieldset data-shown-for="Name=Value"> shows only while the radio named Name has Value
// checked. Without script every set stays visible (each says which choice it is for); the server checks the chosen one's.
document.querySelectorAll('[data-shown-for]').forEach(function (part) {
    var rule = part.getAttribute('data-shown-for').split('='), form = part.closest('form');
    function show() {
        var chosen = form.querySelector('input[name="' + rule[0] + '"]:checked');
        part.hidden = !chosen || chosen.value !== rule[1];
    }
    form.addEventListener('change', show);
    show();
});
