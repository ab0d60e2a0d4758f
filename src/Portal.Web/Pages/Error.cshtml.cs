using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Attachments;

namespace Portal.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel(AttachmentOptions attachments) : PageModel
{
    /// <summary>A 413 is an upload beyond the server's request limit: say what the limit per file is.</summary>
    public string UploadLimit => AttachmentRules.Megabytes(attachments.MaxBytes);

    public int Code { get; private set; }

    /// <summary>The RequestId the log's scope has this request under (Logging:Console:FormatterOptions:IncludeScopes), for the person to quote.</summary>
    public string RequestId => HttpContext.TraceIdentifier;

    public void OnGet(int? code) => Code = code ?? 500;

    /// <summary>
    /// A failed POST is re-executed here with its body, which may be one the server refused to read (413): the code is
    /// read from the query alone, without model binding, so that nothing reads the form.
    /// </summary>
    public void OnPost() => Code = int.TryParse(Request.Query["code"], out var code) ? code : 500;
}
