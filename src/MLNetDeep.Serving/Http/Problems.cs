namespace MLNetDeep.Serving.Http;

using Microsoft.AspNetCore.Http;

/// <summary>RFC 7807 problem-details results: a title, the status, a detail for the client and never a stack trace.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail, string? field = null, int? row = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null)
        {
            extensions["field"] = field;
        }

        if (row is not null)
        {
            extensions["row"] = row;
        }

        return Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", extensions: extensions);
    }

    public static IResult UnknownModel(string name, IEnumerable<string> models) =>
        Results.Problem($"No model named '{name}'. Models: {string.Join(", ", models.Select(n => $"'{n}'"))}.", statusCode: StatusCodes.Status404NotFound, title: "No such model.");

    public static IResult NoEndpoint(string method, string path) =>
        Results.Problem($"Nothing answers {method} {path}. Endpoints: POST /models/{{name}}/predict, GET /models, GET /models/{{name}}, GET /healthz, GET /readyz.",
            statusCode: StatusCodes.Status404NotFound, title: "No such endpoint.");

    public static IResult MethodNotAllowed(string method, string path, string allowed) =>
        Results.Problem($"{path} does not answer {method}; use {allowed}.", statusCode: StatusCodes.Status405MethodNotAllowed, title: "The method is not allowed here.");

    public static IResult TooLarge(long limit) =>
        Results.Problem($"The request body is larger than the limit of {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The request body's media type is not supported.");

    public static IResult BodyTimeout() =>
        Results.Problem("The request body arrived too slowly (it stalled); send the whole body promptly.", statusCode: StatusCodes.Status408RequestTimeout, title: "The request body timed out.");

    public static IResult Unauthorized() =>
        Results.Problem("Send the API key in the X-API-Key header.", statusCode: StatusCodes.Status401Unauthorized, title: "A valid API key is required.");

    public static IResult ServerError() =>
        Results.Problem("The server could not make the prediction; the error is in the server's log.", statusCode: StatusCodes.Status500InternalServerError, title: "The prediction failed.");

    public static IResult Stopping() =>
        Results.Problem("The server is shutting down; send the request to another instance.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The server is stopping.");
}
