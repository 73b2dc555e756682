export async function benchReview() {}
