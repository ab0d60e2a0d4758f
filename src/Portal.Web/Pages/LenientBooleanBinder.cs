using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Portal.Web.Pages;

/// <summary>
/// Check boxes and filters such as <c>?Overdue=1</c> bind true/false, 1/0, yes/no and on/off. Anything else leaves
/// the default and a field error but not the value itself: the check box tag helper would otherwise try to read the
/// value back as a bool while rendering the page, and fail the whole request.
/// </summary>
public sealed class LenientBooleanBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName).FirstValue;
        if (value is null)
        {
            return Task.CompletedTask;
        }
        bool? parsed = value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" or "" => false,
            _ => null,
        };
        if (parsed is { } flag)
        {
            bindingContext.Result = ModelBindingResult.Success(flag);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Choose yes or no.");
        }
        return Task.CompletedTask;
    }
}

public sealed class LenientBooleanBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? new LenientBooleanBinder() : null;
}
