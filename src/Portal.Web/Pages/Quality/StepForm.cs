using System.ComponentModel.DataAnnotations;
using Portal.Data.Quality;
using Portal.Web.Time;

namespace Portal.Web.Pages.Quality;

/// <summary>A step's owner, due time (entered in the reader's zone, as the page shows every time), why the due time moves, and notes.</summary>
public sealed class StepForm
{
    public long? OwnerUserId { get; set; }

    [Required(ErrorMessage = "Enter when the step is due.")]
    public DateTime? DueAt { get; set; }

    [StringLength(4000, ErrorMessage = "Keep the notes under 4000 characters.")]
    public string? Details { get; set; }

    [StringLength(500, ErrorMessage = "Keep the reason under 500 characters.")]
    public string? DueChangeReason { get; set; }

    public StepUpdate ToUpdate(ViewerTime time) => new(OwnerUserId, time.FromLocal(DueAt!.Value), Details ?? "", DueChangeReason);
}
