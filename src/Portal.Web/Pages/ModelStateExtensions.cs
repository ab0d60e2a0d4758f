using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Data.Database;

namespace Portal.Web.Pages;

public static class ModelStateExtensions
{
    /// <summary>Shows a store's rule violations next to the fields they name (the form's input is bound under <paramref name="prefix"/>).</summary>
    public static void AddErrors(this ModelStateDictionary modelState, ValidationException exception, string prefix)
    {
        foreach (var (field, message) in exception.Errors)
        {
            modelState.AddModelError(string.IsNullOrEmpty(prefix) ? field : $"{prefix}.{field}", message);
        }
    }
}
