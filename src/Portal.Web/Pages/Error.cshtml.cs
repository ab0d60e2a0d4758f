using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int? code) => Code = code ?? 500;

    public void OnPost(int? code) => Code = code ?? 500;
}
