import { formDecode, keyCandidates } from '../../../functions/probe/object-key';
import { percentDecode } from '../../../functions/shared/percent-decode';

describe('object keys', () => {
  it.each([
    ['red+flower.jpg', 'red flower.jpg'],
    ['uploads/caf%C3%A9+%C3%A9t%C3%A9.mp4', 'uploads/café été.mp4'],
    ['live%3A2024-05-01T10%3A00%3A00.mp4', 'live:2024-05-01T10:00:00.mp4'],
    ['a%2Bb.mp4', 'a+b.mp4'],
    ['100%+sure.mp4', '100% sure.mp4'],
    ['bad%E9+latin1.mp4', 'bad%E9 latin1.mp4'],
    ['mixed%+%C3%A9.mp4', 'mixed% é.mp4'],
  ])('form-decodes %j to %j', (encoded, decoded) => {
    expect(formDecode(encoded)).toBe(decoded);
  });

  it('leaves + alone when only percent-decoding', () => {
    expect(percentDecode('a+b%20c')).toBe('a+b c');
  });

  it('tries the key as given first, then decoded', () => {
    expect(keyCandidates('red+flower.jpg')).toEqual(['red+flower.jpg', 'red flower.jpg']);
  });

  it('tries a key that decodes to itself once', () => {
    expect(keyCandidates('uploads/plain name é:1.mp4')).toEqual(['uploads/plain name é:1.mp4']);
  });
});
