// A tiny shop API for the SAST demo: one cross-file SQL injection, one command injection and one
// handler that does it right.
import express from 'express';
import { productById, searchProducts } from './db.js';
import { makeThumbnail } from './images.js';

const app = express();
app.use(express.json());

// SQL injection across files: the search term is pasted into the query text in db.js.
app.get('/products', async (req, res) => {
  const products = await searchProducts(req.query.q);
  res.json(products);
});

// Safe: the id is cast to a number and the query is parameterised.
app.get('/products/:id', async (req, res) => {
  const product = await productById(Number(req.params.id));
  if (!product) return res.status(404).json({ error: 'not found' });
  res.json(product);
});

// Command injection: the uploaded file name ends up in a shell command in images.js.
app.post('/thumbnails', async (req, res) => {
  const path = await makeThumbnail(req.body.file);
  res.json({ path });
});

app.listen(3000);
