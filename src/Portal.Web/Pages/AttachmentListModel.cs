using System.Globalization;
using Portal.Data.Attachments;

namespace Portal.Web.Pages;

/// <summary>What the _Attachments partial lists: one owner's files, each linking to the checked download page.</summary>
public sealed record AttachmentListModel(long PartnershipId, IReadOnlyList<Attachment> Items)
{
    public string SizeOf(Attachment attachment) => attachment.SizeBytes switch
    {
        < 1024 => $"{attachment.SizeBytes} B",
        < 1024 * 1024 => (attachment.SizeBytes / 1024m).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (attachment.SizeBytes / (1024m * 1024m)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
