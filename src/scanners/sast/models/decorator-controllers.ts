/**
 * Decorator-routed controllers besides NestJS: routing-controllers (`@JsonController`,
 * `@Controller`) and tsoa (`@Route`). Parameter decorators name what each parameter is.
 */
import type { TaintModel } from './types.js';

const http = (description: string) => ({ label: 'http' as const, description });

export const decoratorControllersModel: TaintModel = {
  framework: 'decorator-controllers',
  handlers: [
    {
      framework: 'routing-controllers',
      classDecorator: 'JsonController',
      paramDecorators: {
        Param: http('route parameter (@Param)'),
        Params: http('route parameters (@Params)'),
        QueryParam: http('query parameter (@QueryParam)'),
        QueryParams: http('query parameters (@QueryParams)'),
        Body: http('request body (@Body)'),
        BodyParam: http('request body field (@BodyParam)'),
        HeaderParam: http('request header (@HeaderParam)'),
        HeaderParams: http('request headers (@HeaderParams)'),
        CookieParam: http('request cookie (@CookieParam)'),
        UploadedFile: http('uploaded file (@UploadedFile)'),
        Req: { role: '@http.request' },
        Res: { role: '@http.response' },
      },
    },
    {
      framework: 'tsoa',
      classDecorator: 'Route',
      paramDecorators: {
        Path: http('route parameter (@Path)'),
        Query: http('query parameter (@Query)'),
        Queries: http('query parameters (@Queries)'),
        Body: http('request body (@Body)'),
        BodyProp: http('request body field (@BodyProp)'),
        Header: http('request header (@Header)'),
        FormField: http('form field (@FormField)'),
        UploadedFile: http('uploaded file (@UploadedFile)'),
        Request: { role: '@http.request' },
      },
    },
  ],
};
