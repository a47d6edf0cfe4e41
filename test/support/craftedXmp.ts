// Hostile sidecars from issue 11: a well-closed packet whose <rdf:li> items never close, which lazy regular
// expressions read in quadratic time.
export function unclosedItemsSidecar(bytes: number): string {
  const head =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag>';
  const tail = '</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>';
  const item = '<rdf:li>';
  return head + item.repeat(Math.ceil((bytes - head.length - tail.length) / item.length)) + tail;
}
