namespace Portal.Data.Organisations;

public enum OrganisationChange
{
    Created,
    Renamed,
    TimeZoneChanged,
}
