// Health and portfolio pages: draw scorecard side scores with the vendored Chart.js from data-* JSON (the CSP allows no
// inline scripts). Every chart has the same figures in a table beside it. A month without a score is a gap, not a zero.
(function () {
    if (typeof Chart !== 'function') return;
    var canvas = document.querySelector('canvas[data-health-chart]');
    if (canvas) {
        var data = JSON.parse(canvas.getAttribute('data-health-chart'));
        new Chart(canvas, {
            type: 'line',
            data: {
                labels: data.labels,
                datasets: [
                    { label: 'Supplier', data: data.supplier, borderColor: '#1f5fbf', backgroundColor: '#1f5fbf', tension: 0.2, spanGaps: false },
                    { label: 'Customer', data: data.customer, borderColor: '#8e44ad', backgroundColor: '#8e44ad', borderDash: [6, 4], tension: 0.2, spanGaps: false }
                ]
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                interaction: { mode: 'index', intersect: false },
                scales: { y: { min: 0, max: 100 } }
            }
        });
    }
    document.querySelectorAll('canvas[data-sparkline]').forEach(function (c) {
        var points = JSON.parse(c.getAttribute('data-sparkline'));
        new Chart(c, {
            type: 'line',
            data: { labels: points.map(function (_, i) { return i; }), datasets: [{ data: points, borderColor: '#1f5fbf', borderWidth: 1.5, pointRadius: 0, spanGaps: false }] },
            options: {
                responsive: false, animation: false, events: [],
                plugins: { legend: { display: false }, tooltip: { enabled: false } },
                scales: { x: { display: false }, y: { display: false, min: 0, max: 100 } }
            }
        });
    });
})();
