/** NestJS: methods of `@Controller()` classes; parameter decorators say what each parameter is. */
import type { TaintModel } from './types.js';

export const nestModel: TaintModel = {
  framework: 'nestjs',
  handlers: [
    {
      framework: 'nestjs',
      classDecorator: 'Controller',
      paramDecorators: {
        Body: { label: 'http', description: 'request body (@Body)' },
        Query: { label: 'http', description: 'query string parameters (@Query)' },
        Param: { label: 'http', description: 'route parameters (@Param)', text: true },
        Headers: { label: 'http', description: 'request headers (@Headers)', text: true },
        HostParam: { label: 'http', description: 'Host header parameters (@HostParam)', text: true },
        UploadedFile: { label: 'http', description: 'uploaded file (@UploadedFile)' },
        UploadedFiles: { label: 'http', description: 'uploaded files (@UploadedFiles)' },
        Cookies: { label: 'http', description: 'request cookies (@Cookies)' },
        Req: { role: '@http.request' },
        Request: { role: '@http.request' },
        Res: { role: '@http.response' },
        Response: { role: '@http.response' },
      },
      // Built-in pipes that parse or reject: what reaches the handler is a number, boolean, date,
      // UUID or one of the enum's values. (ParseArrayPipe keeps strings unless told `items`.)
      typedPipes: ['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseUUIDPipe', 'ParseEnumPipe', 'ParseDatePipe'],
    },
  ],
};
