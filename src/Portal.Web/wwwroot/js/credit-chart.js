// Credit page: draws the credit exposure against the credit limit in force with the vendored Chart.js from the canvas's
// data-credit-chart JSON (the CSP allows no inline scripts). The table under the chart holds the same figures.
(function () {
    var canvas = document.querySelector('canvas[data-credit-chart]');
    if (!canvas || typeof Chart !== 'function') return;
    var data = JSON.parse(canvas.getAttribute('data-credit-chart'));
    if (!data.labels) return;
    var money = new Intl.NumberFormat(undefined, { style: 'currency', currency: data.currency, maximumFractionDigits: 0 });
    new Chart(canvas, {
        type: 'line',
        data: {
            labels: data.labels,
            datasets: [
                { label: 'Credit exposure', data: data.exposure, borderColor: '#1f5fbf', backgroundColor: 'rgba(31,95,191,.12)', fill: true, tension: 0.25 },
                { label: 'Credit limit in force', data: data.limit, borderColor: '#c0392b', borderDash: [6, 4], stepped: true, pointRadius: 0, fill: false }
            ]
        },
        options: {
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: 'index', intersect: false },
            scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return money.format(v); } } } },
            plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + money.format(c.parsed.y); } } } }
        }
    });
})();
