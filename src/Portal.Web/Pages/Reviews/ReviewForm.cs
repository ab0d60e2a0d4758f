using System.ComponentModel.DataAnnotations;
using Portal.Data.Reviews;

namespace Portal.Web.Pages.Reviews;

/// <summary>
/// The schedule form: the meeting's local date and time in its own time zone, where, who, and items to start the agenda
/// with. Moving a review posts its when-and-where fields only; the title and the attendees stay the review's.
/// </summary>
public sealed class ReviewForm
{
    public static IReadOnlyList<string> TimeZones => Portal.Data.Tenancy.PortalTimeZones.Offered;

    [Required(ErrorMessage = "Give the review a title."), StringLength(ReviewRules.MaxTitle)]
    public string Title { get; set; } = "Quarterly partnership review";

    [Required(ErrorMessage = "Choose the date and time.")]
    [Display(Name = "Date and time")]
    public DateTime? LocalStart { get; set; }

    [Required(ErrorMessage = "Choose a time zone.")]
    [Display(Name = "Time zone")]
    public string TimeZone { get; set; } = "Europe/Berlin";

    [Display(Name = "Duration (minutes)")]
    public int DurationMinutes { get; set; } = 90;

    [StringLength(200)]
    public string? Place { get; set; }

    [StringLength(500)]
    [Display(Name = "Video link")]
    public string? VideoLink { get; set; }

    public List<long> AttendeeIds { get; set; } = [];

    [StringLength(4000)]
    [Display(Name = "Agenda items to start with")]
    public string? ExtraItems { get; set; }

    /// <summary>The form to move <paramref name="review"/>, filled with when and where it meets now.</summary>
    public static ReviewForm Moving(Review review) => new()
    {
        Title = review.Title, LocalStart = review.LocalStart.DateTime, TimeZone = review.TimeZone, DurationMinutes = review.DurationMinutes,
        Place = review.Place, VideoLink = review.VideoLink,
    };

    /// <summary>The new schedule of a review moved with this form: its title and attendees are kept.</summary>
    public ReviewSchedule ToReschedule(ReviewMeeting meeting) =>
        ToSchedule() with { Title = meeting.Review.Title, AttendeeIds = [.. meeting.Attendees.Select(a => a.UserId)], ExtraItems = null };

    public ReviewSchedule ToSchedule() => new(Title, LocalStart!.Value, TimeZone, DurationMinutes, Place ?? "", VideoLink ?? "", AttendeeIds,
        (ExtraItems ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
