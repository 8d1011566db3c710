import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function searchProducts(term) {
  const sql = `SELECT id, name, price FROM products WHERE name ILIKE '%${term}%' ORDER BY name`;
  const { rows } = await pool.query(sql);
  return rows;
}

export async function productById(id) {
  const { rows } = await pool.query('SELECT id, name, price FROM products WHERE id = $1', [id]);
  return rows[0];
}
