using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using Portal.Data.Reviews;
using Portal.Web.Time;

namespace Portal.Web.Pdf;

/// <summary>
/// The frozen minutes as an A4 PDF with the same content as the printed page: attendees, the scorecard figures discussed,
/// every agenda item with its notes, decisions and action items, the addenda and the acknowledgement. Text wraps at word
/// boundaries and flows onto new pages.
/// </summary>
public static class MinutesPdf
{
    private const double Margin = 50;
    private static readonly object FontLock = new();

    public static byte[] Render(Review review, ReviewMinutes minutes, IReadOnlyList<Addendum> addenda, string partnershipName, string supplierName, string customerName)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Minutes: {minutes.Title}";
        document.Info.Subject = partnershipName;
        var writer = new Writer(document);
        // The minutes are one document for both sides: their times are in the zone the meeting was held in, named.
        var zone = ReviewRules.Zone(minutes.TimeZone);
        writer.Line($"Minutes: {minutes.Title}", 16, bold: true);
        writer.Line(partnershipName, 10);
        writer.Line($"{TimeFormat.At(minutes.StartsAt, zone)} · {Join(minutes.Place, minutes.VideoLink)}", 10);
        writer.Line($"Closed {TimeFormat.At(minutes.ClosedAt, zone)} by {minutes.ClosedByName}", 10);
        writer.Line(review.AcknowledgedAt is { } at ? $"Acknowledged {TimeFormat.At(at, zone)} by {review.AcknowledgedByName}" : "Not yet acknowledged by the customer's lead", 10);
        writer.Gap();
        writer.Line("Attendees", 12, bold: true);
        foreach (var attendee in minutes.Attendees)
        {
            writer.Line($"• {attendee.Name} ({attendee.Company})", 10, indent: 10);
        }
        if (minutes.Scorecard is { } card)
        {
            writer.Gap();
            writer.Line($"Scorecard discussed: {card.Month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} (revision {card.Revision})", 12, bold: true);
            writer.Line($"{supplierName}: {MinutesScorecard.Score(card.Supplier.Score)} ({MinutesScorecard.StateLabel(card.Supplier.State)}) · "
                + $"{customerName}: {MinutesScorecard.Score(card.Customer.Score)} ({MinutesScorecard.StateLabel(card.Customer.State)})", 10, indent: 10);
            if (card.Metrics.Count == 0)
            {
                writer.Line("No metric was red or amber.", 10, indent: 10);
            }
            foreach (var m in card.Metrics)
            {
                writer.Line($"• {m.Label} ({(m.Side == "Customer" ? customerName : supplierName)}): {card.Shown(m, m.Value)} against a target of {card.Shown(m, m.Target)}, {MinutesScorecard.StateLabel(m.State)}",
                    10, indent: 10);
            }
        }
        foreach (var item in minutes.Items)
        {
            writer.Gap();
            writer.Line($"{item.Number}. {item.Title}", 12, bold: true);
            if (item.Detail.Length > 0)
            {
                writer.Line(item.Detail, 9, indent: 14);
            }
            if (item.CarriedCount > 0)
            {
                writer.Line($"Carried over {item.CarriedCount} time(s)", 9, indent: 14);
            }
            if (item.SkippedReason is { } skipped)
            {
                writer.Line($"Skipped: {skipped}", 10, indent: 14);
            }
            if (item.Notes.Length > 0)
            {
                writer.Line($"Notes: {item.Notes}", 10, indent: 14);
            }
            foreach (var decision in item.Decisions)
            {
                writer.Line($"Decision: {decision.Text} — {decision.DecidedBy} ({decision.Company})", 10, indent: 14);
            }
            foreach (var action in item.Actions)
            {
                writer.Line($"Action: {action.Title} — {action.Owner} ({action.Company}), due {TimeFormat.Date(action.DueOn)}, {action.State}", 10, indent: 14);
            }
        }
        if (addenda.Count > 0)
        {
            writer.Gap();
            writer.Line("Addenda", 12, bold: true);
            foreach (var addendum in addenda)
            {
                writer.Line($"{TimeFormat.At(addendum.AddedAt, zone)}, {addendum.AuthorName}: {addendum.Text}", 10, indent: 10);
            }
        }
        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static string Join(string place, string link) => string.Join(" · ", new[] { place, link }.Where(s => s.Length > 0));

    // PDFsharp's resolver is process-wide and may be set only once; every host in the process shares it.
    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new DejaVuFontResolver(DejaVuFontResolver.DefaultDirectory);
        }
    }

    /// <summary>Writes wrapped lines top to bottom, starting a new page when one is full.</summary>
    private sealed class Writer(PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        public void Gap() => _y += 8;

        public void Line(string text, double size, bool bold = false, double indent = 0)
        {
            var font = new XFont("DejaVu Sans", size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                foreach (var line in Wrap(paragraph, font, indent))
                {
                    var graphics = Graphics(size * 1.4);
                    graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + size));
                    _y += size * 1.4;
                }
            }
        }

        public void Finish() => _graphics?.Dispose();

        private IEnumerable<string> Wrap(string paragraph, XFont font, double indent)
        {
            var width = (_page?.Width.Point ?? XUnit.FromMillimeter(210).Point) - 2 * Margin - indent;
            var measure = Graphics(0);
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && measure.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            yield return line;
        }

        private XGraphics Graphics(double needed)
        {
            if (_graphics is null || _y + needed > _page!.Height.Point - Margin)
            {
                _graphics?.Dispose();
                _page = document.AddPage();
                _page.Size = PdfSharp.PageSize.A4;
                _graphics = XGraphics.FromPdfPage(_page);
                _y = Margin;
            }
            return _graphics;
        }
    }
}
