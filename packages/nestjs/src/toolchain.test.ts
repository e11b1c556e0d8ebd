import 'reflect-metadata';
import { Controller, Get, type INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';

@Injectable()
class GreetingService {
  greet(): string {
    return 'hello';
  }
}

@Controller()
class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  @Get('greet')
  greet() {
    return { text: this.greetings.greet() };
  }
}

let app: INestApplication;
let url: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    controllers: [GreetingController],
    providers: [GreetingService],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});
afterAll(async () => {
  await app.close();
});

// Guards the toolchain: SWC must keep the decorator metadata Nest's injector reads.
test('a service is injected into a controller by its constructor type', async () => {
  const answer = await fetch(`${url}/greet`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ text: 'hello' });
});
