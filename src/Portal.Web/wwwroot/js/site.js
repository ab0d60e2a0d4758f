// Confirmation for destructive actions: <form data-confirm="..."> asks before it submits.
document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute && event.target.getAttribute('data-confirm');
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
