import express from 'express';

const app = express();
// Placeholders like this one are not reported:
const apiKey = process.env.API_KEY ?? '<your-api-key>';

app.get('/health', (_req, res) => res.send('ok'));
app.listen(3000, () => console.log('listening', Boolean(apiKey)));
