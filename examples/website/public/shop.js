// The demo shop: a static catalog, a cart in localStorage, and the tracking calls a real shop makes.
// `analytics` is the stub the snippet installed; calls made before the SDK loads are replayed.
;(() => {
  const catalog = [
    { id: 'p-100', name: 'Trail Runner', category: 'shoes', price: 89 },
    { id: 'p-101', name: 'City Sneaker', category: 'shoes', price: 69 },
    { id: 'p-102', name: 'Rain Boot', category: 'shoes', price: 59 },
    { id: 'p-200', name: 'Daypack 20L', category: 'bags', price: 49 },
    { id: 'p-201', name: 'Weekender', category: 'bags', price: 129 },
    { id: 'p-300', name: 'Merino Tee', category: 'apparel', price: 39 },
    { id: 'p-301', name: 'Shell Jacket', category: 'apparel', price: 179 },
  ]
  const categories = ['shoes', 'bags', 'apparel']
  const cartKey = 'demo-shop-cart'
  const cart = () => JSON.parse(localStorage.getItem(cartKey) || '[]')
  const saveCart = (items) => localStorage.setItem(cartKey, JSON.stringify(items))
  const params = new URLSearchParams(location.search)
  const $ = (id) => document.getElementById(id)
  const money = (n) => `€${n.toFixed(2)}`
  const productLink = (p) =>
    `<div class="card"><a href="/product.html?id=${p.id}" data-product="${p.id}"><h3>${p.name}</h3></a><p class="price">${money(p.price)}</p></div>`
  const asProperties = (p, quantity = 1) => ({
    product_id: p.id,
    name: p.name,
    category: p.category,
    price: p.price,
    quantity,
    currency: 'EUR',
  })

  const pages = {
    index() {
      analytics.page('Home')
      $('categories').innerHTML = categories
        .map(
          (c) =>
            `<div class="card"><a href="/category.html?c=${c}" data-category="${c}"><h3>${c}</h3></a></div>`,
        )
        .join('')
      $('featured').innerHTML = catalog.slice(0, 4).map(productLink).join('')
    },
    category() {
      const c = params.get('c') || 'shoes'
      analytics.page('Category', c, { category: c })
      $('title').textContent = c
      $('products').innerHTML = catalog
        .filter((p) => p.category === c)
        .map(productLink)
        .join('')
    },
    product() {
      const p = catalog.find((x) => x.id === params.get('id')) || catalog[0]
      analytics.page('Product', p.name, asProperties(p))
      analytics.track('Product Viewed', asProperties(p))
      $('name').textContent = p.name
      $('price').textContent = money(p.price)
      $('add').addEventListener('click', () => {
        saveCart([...cart(), p.id])
        analytics.track('Product Added', asProperties(p))
        $('added').textContent = 'Added to cart.'
      })
    },
    cart() {
      const items = cart()
        .map((id) => catalog.find((p) => p.id === id))
        .filter(Boolean)
      analytics.page('Cart', { items: items.length })
      $('items').innerHTML = items
        .map((p) => `<tr><td>${p.name}</td><td>${money(p.price)}</td></tr>`)
        .join('')
      $('total').textContent = money(items.reduce((sum, p) => sum + p.price, 0))
      $('checkout').addEventListener('click', () => {
        analytics.track('Checkout Started', {
          products: items.map((p) => asProperties(p)),
          value: items.reduce((s, p) => s + p.price, 0),
          currency: 'EUR',
        })
        location.href = '/checkout.html'
      })
    },
    checkout() {
      const items = cart()
        .map((id) => catalog.find((p) => p.id === id))
        .filter(Boolean)
      analytics.page('Checkout')
      $('pay').addEventListener('click', () => {
        const orderId = `o-${Date.now()}`
        analytics.track('Order Completed', {
          order_id: orderId,
          products: items.map((p) => asProperties(p)),
          revenue: items.reduce((s, p) => s + p.price, 0),
          currency: 'EUR',
        })
        saveCart([])
        $('done').textContent = `Thank you! Order ${orderId} placed.`
      })
    },
    signin() {
      analytics.page('Sign In')
      $('form').addEventListener('submit', (event) => {
        event.preventDefault()
        const email = $('email').value.trim()
        const userId = `user-${email.toLowerCase()}`
        analytics.identify(userId, { email, name: $('fullname').value.trim() || undefined })
        analytics.track('Signed In', { method: 'email' })
        $('welcome').textContent = `Signed in as ${email}.`
      })
    },
  }
  const page = document.body.dataset.page
  if (pages[page]) pages[page]()
})()
