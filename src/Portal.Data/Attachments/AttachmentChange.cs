namespace Portal.Data.Attachments;

public enum AttachmentChange
{
    Added,
}
